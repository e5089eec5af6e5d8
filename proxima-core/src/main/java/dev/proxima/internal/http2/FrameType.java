package dev.proxima.internal.http2;

/**
 * The frame types RFC 9113 §6 defines. Types outside this list are extensions (RFC 9113 §5.5):
 * {@link #of} answers null for them and the reader skips them.
 */
public enum FrameType {
  DATA(0x0),
  HEADERS(0x1),
  PRIORITY(0x2),
  RST_STREAM(0x3),
  SETTINGS(0x4),
  PUSH_PROMISE(0x5),
  PING(0x6),
  GOAWAY(0x7),
  WINDOW_UPDATE(0x8),
  CONTINUATION(0x9);

  // The codes are 0..9 in declaration order, so the ordinal is the code.
  private static final FrameType[] BY_CODE = values();

  private final int code;

  FrameType(int code) {
    this.code = code;
  }

  /** The 8-bit type on the wire (RFC 9113 §4.1). */
  public int code() {
    return code;
  }

  /** The type for a wire value, or null for an unknown (extension) type. */
  public static FrameType of(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
