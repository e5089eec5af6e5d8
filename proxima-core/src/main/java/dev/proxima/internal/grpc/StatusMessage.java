package dev.proxima.internal.grpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code grpc-message} value (PROTOCOL-HTTP2, "Responses": Status-Message → Percent-Encoded):
 * the description's UTF-8 bytes, where every byte outside {@code 0x20-0x7E}, and {@code '%'}
 * itself, travels as {@code %XX} (RFC 3986 §2.1 form, other reserved set).
 */
public final class StatusMessage {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private StatusMessage() {}

  /** The wire form of a description; null stays null. */
  public static String encode(String message) {
    if (message == null) {
      return null;
    }
    // Most descriptions are plain ASCII: return them without encoding or copying.
    int i = 0;
    while (i < message.length() && isUnencoded(message.charAt(i))) {
      i++;
    }
    if (i == message.length()) {
      return message;
    }
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int v = b & 0xff;
      if (isUnencoded(v)) {
        sb.append((char) v);
      } else {
        sb.append('%').append(HEX[v >> 4]).append(HEX[v & 0xf]);
      }
    }
    return sb.toString();
  }

  /**
   * The description a wire value stands for; null stays null. Lenient, as the spec demands (a
   * broken value must not cost the user the message): a {@code %} not followed by two hex digits
   * is kept as is, and bytes that are not valid UTF-8 become U+FFFD. Never throws.
   */
  public static String decode(String wire) {
    if (wire == null || wire.indexOf('%') < 0) {
      // Without '%' there is nothing to decode; any non-ASCII char is already a broken value,
      // passed through as received.
      return wire;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(wire.length());
    for (int i = 0; i < wire.length(); i++) {
      char c = wire.charAt(i);
      if (c == '%' && i + 2 < wire.length() && hex(wire.charAt(i + 1)) >= 0
          && hex(wire.charAt(i + 2)) >= 0) {
        bytes.write(hex(wire.charAt(i + 1)) << 4 | hex(wire.charAt(i + 2)));
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        // Header values are ISO-8859-1 octets; a char above 0xFF cannot come from the wire, but
        // if one does, keep it readable rather than truncate it.
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
      }
    }
    // new String replaces malformed UTF-8 with U+FFFD instead of throwing.
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isUnencoded(int c) {
    return c >= 0x20 && c <= 0x7e && c != '%';
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }
}
