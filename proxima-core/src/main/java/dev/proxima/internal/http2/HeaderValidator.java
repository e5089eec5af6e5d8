package dev.proxima.internal.http2;

import dev.proxima.internal.hpack.HeaderField;
import java.util.List;

/**
 * The field rules of RFC 9113 §8.2–§8.3 that make a header block well-formed. A block that breaks
 * one is "malformed" (§8.1.1): a stream error PROTOCOL_ERROR, the connection lives on.
 */
final class HeaderValidator {
  /** What a header block is, which decides the pseudo-header fields it must and may carry. */
  enum Kind {
    REQUEST,
    RESPONSE,
    TRAILERS
  }

  private HeaderValidator() {}

  /**
   * Checks {@code headers} and returns the length their content-length field announces, or
   * {@link ContentLength#ABSENT} without one: found in the same pass, parsed only when present.
   */
  static long validate(int streamId, List<HeaderField> headers, Kind kind) throws Http2Exception {
    long contentLength = ContentLength.ABSENT;
    boolean regularSeen = false;
    String method = null;
    boolean scheme = false;
    boolean path = false;
    boolean authority = false;
    boolean status = false;
    for (HeaderField f : headers) {
      String name = f.name();
      if (name.isEmpty()) {
        throw malformed(streamId, "empty field name (RFC 9113 §8.2.1)");
      }
      checkName(streamId, name);
      checkValue(streamId, name, f.value());
      if (name.charAt(0) == ':') {
        if (regularSeen) {
          throw malformed(streamId, "pseudo-header " + name + " after a regular field (RFC 9113 §8.3)");
        }
        switch (kind) {
          case TRAILERS -> throw malformed(streamId, "pseudo-header " + name + " in trailers (RFC 9113 §8.1)");
          case RESPONSE -> {
            if (!name.equals(":status")) {
              throw malformed(streamId, "pseudo-header " + name + " in a response (RFC 9113 §8.3.2)");
            }
            status = once(streamId, status, name);
            if (f.value().length() != 3 || !allDigits(f.value())) {
              throw malformed(streamId, ":status must be three digits, got '" + f.value() + "' (RFC 9113 §8.3.2)");
            }
          }
          case REQUEST -> {
            switch (name) {
              case ":method" -> {
                once(streamId, method != null, name);
                method = f.value();
              }
              case ":scheme" -> scheme = once(streamId, scheme, name);
              case ":path" -> {
                path = once(streamId, path, name);
                if (f.value().isEmpty()) {
                  throw malformed(streamId, "empty :path (RFC 9113 §8.3.1)");
                }
              }
              case ":authority" -> authority = once(streamId, authority, name);
              default -> throw malformed(streamId, "unknown pseudo-header " + name + " (RFC 9113 §8.3)");
            }
          }
          default -> throw new AssertionError(kind);
        }
        continue;
      }
      regularSeen = true;
      switch (name) {
        case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" ->
            throw malformed(streamId, "connection-specific field " + name + " (RFC 9113 §8.2.2)");
        case "te" -> {
          if (!f.value().equals("trailers")) {
            throw malformed(streamId, "te may only be 'trailers', got '" + f.value() + "' (RFC 9113 §8.2.2)");
          }
        }
        case "content-length" -> contentLength = ContentLength.parse(streamId, f.value(), contentLength);
        default -> {}
      }
    }
    if (kind == Kind.REQUEST) {
      if (method == null) {
        throw malformed(streamId, "request without :method (RFC 9113 §8.3.1)");
      }
      if (method.equals("CONNECT")) {
        if (!authority || scheme || path) {
          throw malformed(streamId, "CONNECT needs :authority and no :scheme or :path (RFC 9113 §8.5)");
        }
      } else if (!scheme || !path) {
        throw malformed(streamId, "request without " + (scheme ? ":path" : ":scheme") + " (RFC 9113 §8.3.1)");
      }
    } else if (kind == Kind.RESPONSE && !status) {
      throw malformed(streamId, "response without :status (RFC 9113 §8.3.2)");
    }
    return contentLength;
  }

  private static void checkName(int streamId, String name) throws Http2Exception {
    for (int i = name.charAt(0) == ':' ? 1 : 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        throw malformed(streamId, "upper-case field name '" + name + "' (RFC 9113 §8.2.1)");
      }
      if (c <= 0x20 || c == ':' || c >= 0x7f) {
        throw malformed(streamId, "invalid character 0x" + Integer.toHexString(c)
            + " in field name '" + name + "' (RFC 9113 §8.2.1)");
      }
    }
  }

  private static void checkValue(int streamId, String name, String value) throws Http2Exception {
    int n = value.length();
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c == 0 || c == '\r' || c == '\n') {
        throw malformed(streamId, "NUL, CR or LF in the value of " + name + " (RFC 9113 §8.2.1)");
      }
    }
    if (n > 0 && (isSpace(value.charAt(0)) || isSpace(value.charAt(n - 1)))) {
      throw malformed(streamId, "leading or trailing whitespace in the value of " + name + " (RFC 9113 §8.2.1)");
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean once(int streamId, boolean seen, String name) throws Http2Exception {
    if (seen) {
      throw malformed(streamId, "duplicate pseudo-header " + name + " (RFC 9113 §8.3)");
    }
    return true;
  }

  private static Http2Exception malformed(int streamId, String rule) {
    return Http2Exception.streamError(streamId, ErrorCode.PROTOCOL_ERROR, "malformed header block: " + rule);
  }
}
