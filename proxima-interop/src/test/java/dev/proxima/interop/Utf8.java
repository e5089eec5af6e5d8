package dev.proxima.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** UTF-8 String marshallers for both implementations, so messages need no protoc-generated code. */
final class Utf8 {
  private Utf8() {}

  /** Proxima's side. */
  static final dev.proxima.Marshaller<String> PROXIMA = new dev.proxima.Marshaller<>() {
    @Override
    public ByteBuffer serialize(String value) {
      return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream in) throws IOException {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  };

  /** grpc-java's side. */
  static final io.grpc.MethodDescriptor.Marshaller<String> GRPC = new io.grpc.MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new java.io.ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream in) {
      try {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };
}
