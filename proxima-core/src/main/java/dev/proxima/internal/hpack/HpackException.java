package dev.proxima.internal.hpack;

/**
 * A header block could not be accepted.
 *
 * <p>Two kinds, which HTTP/2 handles differently:
 *
 * <ul>
 *   <li>malformed input (RFC 7541 §2.3.3, §4.2, §5.1, §5.2, §6): the connection's HPACK state can
 *       no longer be trusted, so the caller must fail the connection with COMPRESSION_ERROR
 *       (RFC 9113 §4.3);
 *   <li>{@linkplain #isHeaderListTooLarge() header list too large}: the block was decoded
 *       completely and the dynamic table is in sync, but the fields exceed
 *       SETTINGS_MAX_HEADER_LIST_SIZE (RFC 9113 §6.5.2, §10.5.1); only the stream fails.
 * </ul>
 */
public final class HpackException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean headerListTooLarge;

  private HpackException(String message, boolean headerListTooLarge) {
    super(message);
    this.headerListTooLarge = headerListTooLarge;
  }

  /** Malformed input: a connection error of type COMPRESSION_ERROR. */
  static HpackException compression(String message) {
    return new HpackException(message, false);
  }

  /** A well-formed block whose header list exceeds the limit: a stream error. */
  static HpackException headerListTooLarge(String message) {
    return new HpackException(message, true);
  }

  /**
   * True if the block was well formed but its header list is larger than the limit, which is a
   * stream error (answer 431 or reset the stream); false if the input is malformed, which is a
   * connection error of type COMPRESSION_ERROR.
   */
  public boolean isHeaderListTooLarge() {
    return headerListTooLarge;
  }
}
