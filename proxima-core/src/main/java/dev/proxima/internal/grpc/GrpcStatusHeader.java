package dev.proxima.internal.grpc;

import dev.proxima.Status;

/**
 * The {@code grpc-status} trailer (PROTOCOL-HTTP2, "Responses": Status → "grpc-status" 1*DIGIT)
 * read as a status. A value that is not a run of decimal digits naming one of gRPC's codes ("abc",
 * "+1", "-0", "17", "99") is no status at all: the call ends UNKNOWN (as grpc-java's client has
 * it), and the description names the value the server sent, so that a person sees what broke.
 */
final class GrpcStatusHeader {
  /** More digits than any code has, but few enough that parsing cannot overflow. */
  private static final int MAX_DIGITS = 9;
  /** How many codes there are ({@code values()} copies its array on every call). */
  private static final int CODES = Status.Code.values().length;

  private GrpcStatusHeader() {}

  /**
   * The status {@code value} stands for, with {@code description} (the decoded
   * {@code grpc-message}, or null) as its description, or appended to the complaint about a value
   * that is not a code.
   */
  static Status parse(String value, String description) {
    int code = decimal(value);
    if (code >= 0 && code < CODES) {
      return Status.fromCodeValue(code).withDescription(description);
    }
    return Status.UNKNOWN.withDescription("server sent grpc-status '" + value + "', which is not a gRPC status code"
        + (description == null ? "" : "; grpc-message: " + description));
  }

  /** The value of 1 to {@value #MAX_DIGITS} ASCII digits, or -1 for anything else. */
  private static int decimal(String s) {
    if (s.isEmpty() || s.length() > MAX_DIGITS) {
      return -1;
    }
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
