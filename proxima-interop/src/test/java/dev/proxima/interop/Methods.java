package dev.proxima.interop;

import dev.proxima.Marshaller;

/**
 * The methods both sides agree on, as a descriptor of each implementation. Service {@code interop.Echo}:
 * {@code Unary}, {@code ServerStream}, {@code ClientStream}, {@code Bidi}, {@code Proto} (a
 * {@code google.protobuf.StringValue} unary), and {@code Missing}, which no server implements.
 */
final class Methods {
  private Methods() {}

  static final String SERVICE = "interop.Echo";
  static final String UNARY = SERVICE + "/Unary";
  static final String SERVER_STREAM = SERVICE + "/ServerStream";
  static final String CLIENT_STREAM = SERVICE + "/ClientStream";
  static final String BIDI = SERVICE + "/Bidi";
  static final String PROTO = SERVICE + "/Proto";
  static final String MISSING = SERVICE + "/Missing";
  static final String NO_SERVICE = "interop.Nowhere/Unary";

  /** Proxima's descriptor of a String method. */
  static dev.proxima.MethodDescriptor<String, String> proxima(String name,
      dev.proxima.MethodDescriptor.Type type) {
    return proxima(name, type, Utf8.PROXIMA, Utf8.PROXIMA);
  }

  static <Q, P> dev.proxima.MethodDescriptor<Q, P> proxima(String name, dev.proxima.MethodDescriptor.Type type,
      Marshaller<Q> request, Marshaller<P> response) {
    return dev.proxima.MethodDescriptor.<Q, P>builder().type(type).fullMethodName(name)
        .requestMarshaller(request).responseMarshaller(response).build();
  }

  /** grpc-java's descriptor of a String method. */
  static io.grpc.MethodDescriptor<String, String> grpc(String name, io.grpc.MethodDescriptor.MethodType type) {
    return grpc(name, type, Utf8.GRPC, Utf8.GRPC);
  }

  static <Q, P> io.grpc.MethodDescriptor<Q, P> grpc(String name, io.grpc.MethodDescriptor.MethodType type,
      io.grpc.MethodDescriptor.Marshaller<Q> request, io.grpc.MethodDescriptor.Marshaller<P> response) {
    return io.grpc.MethodDescriptor.<Q, P>newBuilder().setType(type).setFullMethodName(name)
        .setRequestMarshaller(request).setResponseMarshaller(response).build();
  }
}
