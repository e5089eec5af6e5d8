package dev.proxima.stub;

import dev.proxima.Marshaller;
import dev.proxima.MethodDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** UTF-8 strings as messages, and methods that carry them. */
final class StringMarshaller implements Marshaller<String> {
  static final StringMarshaller INSTANCE = new StringMarshaller();

  private StringMarshaller() {}

  @Override
  public ByteBuffer serialize(String value) {
    return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String parse(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  static MethodDescriptor<String, String> method(String name, MethodDescriptor.Type type) {
    return MethodDescriptor.<String, String>builder().type(type).fullMethodName("test.Stub/" + name)
        .requestMarshaller(INSTANCE).responseMarshaller(INSTANCE).build();
  }
}
