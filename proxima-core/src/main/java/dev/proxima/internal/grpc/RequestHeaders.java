package dev.proxima.internal.grpc;

import dev.proxima.MethodDescriptor;
import dev.proxima.internal.hpack.HeaderField;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields every gRPC request on one connection starts with (PROTOCOL-HTTP2, "Requests"):
 * {@code :method POST}, {@code :scheme}, {@code :path}, {@code :authority}, {@code te}, {@code
 * content-type}, {@code user-agent}, made once per connection and per method instead of once per
 * call.
 *
 * <p>Not thread-safe: used on the connection's event loop only.
 */
final class RequestHeaders {
  static final String USER_AGENT = "proxima-java/0.1";
  private static final HeaderField METHOD_POST = new HeaderField(":method", "POST");
  private static final HeaderField TE_TRAILERS = new HeaderField(GrpcHeaders.TE, "trailers");
  private static final HeaderField USER_AGENT_FIELD = new HeaderField(GrpcHeaders.USER_AGENT, USER_AGENT);
  private static final HeaderField CONTENT_TYPE_GRPC =
      new HeaderField(GrpcHeaders.CONTENT_TYPE, GrpcHeaders.APPLICATION_GRPC);
  /** Paths remembered per connection; a client calling more methods makes the others per call. */
  private static final int MAX_PATHS = 256;

  private final HeaderField scheme;
  private final HeaderField authority;
  /** {@code :path} fields by full method name. */
  private final Map<String, HeaderField> paths = new HashMap<>();

  RequestHeaders(String scheme, String authority) {
    this.scheme = new HeaderField(":scheme", scheme);
    this.authority = new HeaderField(":authority", authority);
  }

  /** The {@code :authority} of every request. */
  String authority() {
    return authority.value();
  }

  /** Adds the fields that start a request for {@code method} to {@code fields}. */
  void addTo(List<HeaderField> fields, MethodDescriptor<?, ?> method) {
    fields.add(METHOD_POST);
    fields.add(scheme);
    fields.add(path(method.fullMethodName()));
    fields.add(authority);
    fields.add(TE_TRAILERS);
    String subtype = method.requestMarshaller().contentSubtype();
    fields.add(subtype.isEmpty() ? CONTENT_TYPE_GRPC
        : new HeaderField(GrpcHeaders.CONTENT_TYPE, GrpcHeaders.APPLICATION_GRPC + "+" + subtype));
    fields.add(USER_AGENT_FIELD);
  }

  private HeaderField path(String fullMethodName) {
    HeaderField path = paths.get(fullMethodName);
    if (path == null) {
      path = new HeaderField(":path", "/" + fullMethodName);
      if (paths.size() < MAX_PATHS) {
        paths.put(fullMethodName, path);
      }
    }
    return path;
  }
}
