package dev.proxima.benchmarks;

import dev.proxima.Marshaller;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Sends a request that is already serialized, so a load generator encodes it only once (also
 * proxima-bench's ClientLoad).
 */
public final class BytesMarshaller implements Marshaller<byte[]> {
  public static final BytesMarshaller INSTANCE = new BytesMarshaller();

  private BytesMarshaller() {}

  @Override
  public ByteBuffer serialize(byte[] value) {
    return ByteBuffer.wrap(value);
  }

  @Override
  public byte[] parse(InputStream in) throws IOException {
    return in.readAllBytes();
  }
}
