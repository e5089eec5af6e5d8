package dev.proxima.internal.http2;

/**
 * The flag bits of the frame header (RFC 9113 §4.1). Their meaning depends on the frame type, so
 * two of them share a value: {@link #END_STREAM} on DATA/HEADERS, {@link #ACK} on SETTINGS/PING.
 */
public final class FrameFlags {
  /** DATA, HEADERS: the last frame the sender sends on this stream (RFC 9113 §6.1, §6.2). */
  public static final int END_STREAM = 0x1;
  /** SETTINGS, PING: this frame acknowledges the peer's (RFC 9113 §6.5, §6.7). */
  public static final int ACK = 0x1;
  /** HEADERS, PUSH_PROMISE, CONTINUATION: the header block ends here (RFC 9113 §6.2, §6.10). */
  public static final int END_HEADERS = 0x4;
  /** DATA, HEADERS, PUSH_PROMISE: a pad length byte and padding are present (RFC 9113 §6.1). */
  public static final int PADDED = 0x8;
  /** HEADERS: the exclusive bit, stream dependency and weight are present (RFC 9113 §6.2). */
  public static final int PRIORITY = 0x20;

  private FrameFlags() {}

  /** True when every bit of {@code flag} is set in {@code flags}. */
  public static boolean has(int flags, int flag) {
    return (flags & flag) == flag;
  }
}
