package dev.proxima.internal.http2;

/**
 * The frame layout of RFC 9113 §4.1 for tests that build, break and model frames octet by octet:
 * the type codes and the flags as constants (the codes of {@link FrameType} are not constant
 * expressions, so they cannot label a switch), and the 24-bit length field read and written in
 * place.
 */
final class FrameLayout {
  static final int DATA = 0x0, HEADERS = 0x1, PRIORITY = 0x2, RST_STREAM = 0x3,
      SETTINGS = 0x4, PUSH_PROMISE = 0x5, PING = 0x6, GOAWAY = 0x7, WINDOW_UPDATE = 0x8,
      CONTINUATION = 0x9;
  static final int END_STREAM = FrameFlags.END_STREAM, ACK = FrameFlags.ACK,
      END_HEADERS = FrameFlags.END_HEADERS, PADDED = FrameFlags.PADDED,
      PRIORITY_FLAG = FrameFlags.PRIORITY;

  private FrameLayout() {}

  static int medium(byte[] b, int at) {
    return (b[at] & 0xff) << 16 | (b[at + 1] & 0xff) << 8 | b[at + 2] & 0xff;
  }

  static void setMedium(byte[] b, int at, int value) {
    b[at] = (byte) (value >>> 16);
    b[at + 1] = (byte) (value >>> 8);
    b[at + 2] = (byte) value;
  }
}
