package dev.proxima;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** Methods whose messages are raw bytes, for tests below the stub layer. */
public final class RawBytesMethods {
  private RawBytesMethods() {}

  /** A method {@code fullMethodName} of {@code type}, its marshaller in {@code contentSubtype}. */
  public static MethodDescriptor<byte[], byte[]> method(String fullMethodName, MethodDescriptor.Type type,
      String contentSubtype) {
    Marshaller<byte[]> bytes = new Marshaller<>() {
      @Override
      public ByteBuffer serialize(byte[] value) {
        return ByteBuffer.wrap(value);
      }

      @Override
      public byte[] parse(InputStream in) throws IOException {
        return in.readAllBytes();
      }

      @Override
      public String contentSubtype() {
        return contentSubtype;
      }
    };
    return MethodDescriptor.<byte[], byte[]>builder().type(type).fullMethodName(fullMethodName)
        .requestMarshaller(bytes).responseMarshaller(bytes).build();
  }
}
