package dev.proxima.internal.http2;

/** HTTP/2 error codes (RFC 9113 §7), carried by RST_STREAM and GOAWAY. */
public enum ErrorCode {
  NO_ERROR(0x0),
  PROTOCOL_ERROR(0x1),
  INTERNAL_ERROR(0x2),
  FLOW_CONTROL_ERROR(0x3),
  SETTINGS_TIMEOUT(0x4),
  STREAM_CLOSED(0x5),
  FRAME_SIZE_ERROR(0x6),
  REFUSED_STREAM(0x7),
  CANCEL(0x8),
  COMPRESSION_ERROR(0x9),
  CONNECT_ERROR(0xa),
  ENHANCE_YOUR_CALM(0xb),
  INADEQUATE_SECURITY(0xc),
  HTTP_1_1_REQUIRED(0xd);

  private static final ErrorCode[] BY_CODE = values();

  private final int code;

  ErrorCode(int code) {
    this.code = code;
  }

  /** The 32-bit value on the wire. */
  public int code() {
    return code;
  }

  /**
   * The code for a wire value. RFC 9113 §7: unknown codes "MUST NOT trigger any special behavior"
   * and may be treated as INTERNAL_ERROR, which is what this returns for them.
   */
  public static ErrorCode of(int code) {
    return isKnown(code) ? BY_CODE[code] : INTERNAL_ERROR;
  }

  /**
   * A wire value in words, for messages: the name of a known code; for an unknown one its value,
   * which {@link #of} turns into INTERNAL_ERROR but whoever debugs an interop problem needs to see.
   */
  public static String describe(int code) {
    return isKnown(code) ? BY_CODE[code].name()
        : "unknown error code 0x" + Integer.toHexString(code) + " (treated as INTERNAL_ERROR, RFC 9113 §7)";
  }

  private static boolean isKnown(int code) {
    return code >= 0 && code < BY_CODE.length;
  }
}
