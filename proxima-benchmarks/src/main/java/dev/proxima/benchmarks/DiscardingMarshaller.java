package dev.proxima.benchmarks;

import dev.proxima.Marshaller;
import java.io.InputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Reads a response to its end without parsing it and yields its size: the load generator works
 * against any method of any server and does not pay for decoding what it does not look at.
 */
final class DiscardingMarshaller implements Marshaller<Long> {
  static final DiscardingMarshaller INSTANCE = new DiscardingMarshaller();

  private DiscardingMarshaller() {}

  @Override
  public ByteBuffer serialize(Long value) {
    throw new UnsupportedOperationException("responses are only read");
  }

  @Override
  public Long parse(InputStream in) throws IOException {
    return in.transferTo(OutputStream.nullOutputStream());
  }
}
