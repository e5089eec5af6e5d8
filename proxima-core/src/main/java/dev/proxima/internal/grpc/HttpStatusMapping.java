package dev.proxima.internal.grpc;

import dev.proxima.Status;

/**
 * The status a client synthesizes for a response without {@code grpc-status}, from its HTTP
 * status (gRPC's doc/http-grpc-status-mapping.md): such responses come from intermediaries, and
 * the mapping lets the client react sensibly (retry on UNAVAILABLE, for example).
 *
 * <p>Only for that case: when {@code grpc-status} is present it wins, and servers must not use
 * this table backwards (the mapping is neither symmetric nor one-to-one).
 */
public final class HttpStatusMapping {
  private HttpStatusMapping() {}

  /**
   * The status for an HTTP status code, with the description {@code "HTTP status code NNN"}
   * followed by the reason phrase when it is a well-known code. 200 is UNKNOWN: a truly OK
   * response would have carried {@code grpc-status}.
   */
  public static Status statusForHttp(int httpStatus) {
    Status.Code code = switch (httpStatus) {
      case 400, 431 -> Status.Code.INTERNAL;
      case 401 -> Status.Code.UNAUTHENTICATED;
      case 403 -> Status.Code.PERMISSION_DENIED;
      case 404 -> Status.Code.UNIMPLEMENTED;
      case 429, 502, 503, 504 -> Status.Code.UNAVAILABLE;
      default -> Status.Code.UNKNOWN;
    };
    String reason = reasonPhrase(httpStatus);
    String description = "HTTP status code " + httpStatus + (reason == null ? "" : " (" + reason + ")");
    return code.toStatus().withDescription(description);
  }

  private static String reasonPhrase(int httpStatus) {
    return switch (httpStatus) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> null;
    };
  }
}
