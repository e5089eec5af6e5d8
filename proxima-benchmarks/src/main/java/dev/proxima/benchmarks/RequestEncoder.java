package dev.proxima.benchmarks;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.grpc.benchmarks.proto.BenchmarkServiceProxima;

/**
 * Turns {@code --data=JSON} into the request's bytes, the request type being looked up from the
 * generated descriptors (methods of {@code grpc.testing.BenchmarkService}). Other methods take
 * their request as binary protobuf from {@code --data-file}.
 */
public final class RequestEncoder {
  private RequestEncoder() {}

  /** The method {@code service/Method} among the known services, or null. */
  public static Descriptors.MethodDescriptor findMethod(String fullMethodName) {
    int slash = fullMethodName.indexOf('/');
    if (slash <= 0 || slash == fullMethodName.length() - 1) {
      throw new IllegalArgumentException("--method must be package.Service/Method, got '" + fullMethodName + "'");
    }
    Descriptors.ServiceDescriptor service = BenchmarkServiceProxima.serviceDescriptor();
    if (!service.getFullName().equals(fullMethodName.substring(0, slash))) {
      return null;
    }
    return service.findMethodByName(fullMethodName.substring(slash + 1));
  }

  /** {@code json} (proto3 JSON) as the binary request of {@code fullMethodName}. */
  public static byte[] fromJson(String fullMethodName, String json) {
    Descriptors.MethodDescriptor m = findMethod(fullMethodName);
    if (m == null) {
      throw new IllegalArgumentException("--data (JSON) needs the request type, known only for "
          + BenchmarkServiceProxima.SERVICE_NAME + " methods; for " + fullMethodName
          + " give the binary request with --data-file=FILE");
    }
    DynamicMessage.Builder b = DynamicMessage.newBuilder(m.getInputType());
    try {
      JsonFormat.parser().merge(json, b);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("--data is not a valid " + m.getInputType().getFullName() + " in JSON: "
          + e.getMessage());
    }
    return b.build().toByteArray();
  }
}
