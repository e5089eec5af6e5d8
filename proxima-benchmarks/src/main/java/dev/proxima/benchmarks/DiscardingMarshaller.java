package dev.proxima.benchmarks;

import dev.proxima.Marshaller;
import java.io.InputStream;
import java.io.IOException;
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

  /**
   * Skips to the end, counting. Not {@code transferTo}: that allocates a 16 KiB buffer per call,
   * which made the load generator itself allocate ~20 KB per call and pause for GC (up to 175 ms in
   * a 4x64 run), inflating the latency tails it reports. Proxima's message streams skip in place.
   */
  @Override
  public Long parse(InputStream in) throws IOException {
    long size = 0;
    while (true) {
      long skipped = in.skip(Long.MAX_VALUE);
      if (skipped > 0) {
        size += skipped;
      } else if (in.read() >= 0) {
        size++;
      } else {
        return size;
      }
    }
  }
}
