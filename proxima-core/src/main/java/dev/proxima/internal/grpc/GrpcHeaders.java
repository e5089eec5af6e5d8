package dev.proxima.internal.grpc;

import java.util.Locale;

/**
 * Header names and values of the gRPC protocol (PROTOCOL-HTTP2, "Requests" and "Responses"), and
 * which names belong to the protocol rather than to the application's custom metadata.
 */
public final class GrpcHeaders {
  public static final String CONTENT_TYPE = "content-type";
  public static final String TE = "te";
  public static final String GRPC_TIMEOUT = "grpc-timeout";
  public static final String GRPC_ENCODING = "grpc-encoding";
  public static final String GRPC_ACCEPT_ENCODING = "grpc-accept-encoding";
  public static final String GRPC_STATUS = "grpc-status";
  public static final String GRPC_MESSAGE = "grpc-message";
  public static final String GRPC_STATUS_DETAILS_BIN = "grpc-status-details-bin";
  public static final String USER_AGENT = "user-agent";
  public static final String APPLICATION_GRPC = "application/grpc";
  /** The only value of {@code te} gRPC sends; it lets servers detect proxies that drop trailers. */
  public static final String TE_TRAILERS = "trailers";

  private GrpcHeaders() {}

  /**
   * Whether a content-type is gRPC's: {@code application/grpc}, optionally followed by a subtype
   * ({@code +proto}, {@code +json}, ...) or by parameters ({@code ;charset=...}). Media types are
   * case-insensitive (RFC 9110 §8.3.1), so the comparison is too. Null is false.
   */
  public static boolean isGrpcContentType(String contentType) {
    if (contentType == null || contentType.length() < APPLICATION_GRPC.length()) {
      return false;
    }
    if (!contentType.regionMatches(true, 0, APPLICATION_GRPC, 0, APPLICATION_GRPC.length())) {
      return false;
    }
    if (contentType.length() == APPLICATION_GRPC.length()) {
      return true;
    }
    // "application/grpcfoo" is another media type; only '+' (subtype) or ';' (parameters) may follow.
    char next = contentType.charAt(APPLICATION_GRPC.length());
    return next == '+' || next == ';';
  }

  /**
   * The subtype after {@code application/grpc+}, lower-cased and without parameters: {@code ""}
   * for plain {@code application/grpc}, {@code "proto"}, {@code "json"}, ... Null when the
   * content-type is not gRPC's (see {@link #isGrpcContentType}).
   */
  public static String contentSubtype(String contentType) {
    if (!isGrpcContentType(contentType)) {
      return null;
    }
    int start = APPLICATION_GRPC.length();
    if (start == contentType.length() || contentType.charAt(start) != '+') {
      return "";
    }
    int end = contentType.indexOf(';', start);
    String subtype = contentType.substring(start + 1, end < 0 ? contentType.length() : end);
    return subtype.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether a header name belongs to the protocol or to HTTP/2 rather than to the application:
   * pseudo-headers, the Call-Definition and Status fields gRPC owns, and the connection-specific
   * fields HTTP/2 forbids (RFC 9113 §8.2.2). Such names never travel as custom metadata, and
   * received ones are not shown to the application as metadata.
   *
   * <p>{@code user-agent} is reserved because the transport writes its own (PROTOCOL-HTTP2, "User
   * Agents"); {@link MetadataCodec#toMetadata} still shows a received one, so servers can see
   * who calls. {@code grpc-status-details-bin} is <em>not</em> reserved: it is trailer metadata
   * the application reads and writes (rich error details), as in grpc-java.
   *
   * @param headerName a lower-case name, as HTTP/2 requires
   */
  public static boolean isReserved(String headerName) {
    if (headerName.startsWith(":")) {
      return true;
    }
    return switch (headerName) {
      case CONTENT_TYPE, TE, USER_AGENT, GRPC_TIMEOUT, GRPC_ENCODING, GRPC_ACCEPT_ENCODING,
          GRPC_STATUS, GRPC_MESSAGE,
          "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "host" ->
          true;
      default -> false;
    };
  }
}
