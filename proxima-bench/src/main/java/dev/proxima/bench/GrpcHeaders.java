package dev.proxima.bench;

import dev.proxima.internal.hpack.HeaderField;
import java.util.List;

/**
 * The header sets of a typical gRPC unary call, as grpc-java sends them, shared by the HPACK and
 * frame benchmarks so that every figure is about the same bytes.
 */
final class GrpcHeaders {
  static final String[][] REQUEST = {
    {":method", "POST"},
    {":scheme", "http"},
    {":path", "/grpc.testing.BenchmarkService/UnaryCall"},
    {":authority", "localhost:50051"},
    {"content-type", "application/grpc"},
    {"te", "trailers"},
    {"grpc-accept-encoding", "gzip"},
    {"user-agent", "grpc-java-netty/1.79.0"},
    {"grpc-timeout", "1S"},
  };

  static final String[][] RESPONSE = {
    {":status", "200"},
    {"content-type", "application/grpc"},
  };

  static final String[][] TRAILERS = {
    {"grpc-status", "0"},
  };

  private GrpcHeaders() {}

  static List<HeaderField> fields(String[][] pairs) {
    HeaderField[] fields = new HeaderField[pairs.length];
    for (int i = 0; i < pairs.length; i++) {
      fields[i] = new HeaderField(pairs[i][0], pairs[i][1]);
    }
    return List.of(fields);
  }
}
