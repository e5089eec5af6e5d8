package dev.proxima.internal.http2;

/**
 * The content-length a request or response announced, and the DATA counted against it. A message
 * whose DATA payloads do not add up to its content-length is malformed (RFC 9113 §8.1.1): a
 * stream error PROTOCOL_ERROR, found at the DATA frame that goes over, or at the END_STREAM that
 * comes short.
 *
 * <p>Made only for a message that carries the field: a stream without one (nearly every gRPC call)
 * holds null and pays one comparison per DATA frame.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class ContentLength {
  /** What {@link #parse} returns for a header block without the field. */
  static final long ABSENT = -1;

  private final long announced;
  private long received;

  ContentLength(long announced) {
    this.announced = announced;
  }

  /**
   * A DATA frame carrying {@code length} octets of content (padding excluded), the last one with
   * {@code endStream}.
   */
  void onData(int streamId, int length, boolean endStream) throws Http2Exception {
    received += length;
    if (received > announced || endStream && received != announced) {
      throw mismatch(streamId);
    }
  }

  /** The message ends without DATA (END_STREAM on its headers or trailers). */
  void onEnd(int streamId) throws Http2Exception {
    if (received != announced) {
      throw mismatch(streamId);
    }
  }

  private Http2Exception mismatch(int streamId) {
    return Http2Exception.streamError(streamId, ErrorCode.PROTOCOL_ERROR, "content-length " + announced
        + " but " + received + " octets of DATA (RFC 9113 §8.1.1)");
  }

  /**
   * The value of one content-length field, checked against {@code earlier} (the value of a field
   * before it in the same block, or {@link #ABSENT}). RFC 9110 §8.6: a value is one or more
   * decimal digits; a list of identical values (two fields, or "5, 5") may be taken as one, but
   * differing values make the message malformed, as does anything else.
   *
   * @throws Http2Exception a stream error PROTOCOL_ERROR for a value that is not one length
   */
  static long parse(int streamId, String value, long earlier) throws Http2Exception {
    long result = earlier;
    int i = 0;
    int n = value.length();
    while (true) {
      while (i < n && isSpace(value.charAt(i))) {
        i++;
      }
      int start = i;
      long member = 0;
      while (i < n && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
        int digit = value.charAt(i) - '0';
        if (member > (Long.MAX_VALUE - digit) / 10) {
          throw malformed(streamId, "content-length '" + value + "' is larger than 2^63-1");
        }
        member = member * 10 + digit;
        i++;
      }
      if (i == start) {
        throw malformed(streamId, "content-length '" + value + "' is not a non-negative decimal number");
      }
      if (result != ABSENT && result != member) {
        throw malformed(streamId, "content-length values differ: " + result + " and " + member);
      }
      result = member;
      while (i < n && isSpace(value.charAt(i))) {
        i++;
      }
      if (i == n) {
        return result;
      }
      if (value.charAt(i) != ',') {
        throw malformed(streamId, "content-length '" + value + "' is not a non-negative decimal number");
      }
      i++;
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  private static Http2Exception malformed(int streamId, String what) {
    return Http2Exception.streamError(streamId, ErrorCode.PROTOCOL_ERROR,
        "malformed header block: " + what + " (RFC 9113 §8.1.1, RFC 9110 §8.6)");
  }
}
