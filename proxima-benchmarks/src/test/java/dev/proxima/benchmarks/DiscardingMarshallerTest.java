package dev.proxima.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proxima.internal.grpc.ByteBufferInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscardingMarshallerTest {
  @Test
  void countsEveryByteOfAMessageSpreadOverSeveralBuffers() throws IOException {
    InputStream in = new ByteBufferInputStream(List.of(ByteBuffer.allocate(5), ByteBuffer.allocate(0),
        ByteBuffer.allocateDirect(70_000)));
    assertEquals(70_005L, DiscardingMarshaller.INSTANCE.parse(in));
    assertEquals(-1, in.read());
  }

  @Test
  void countsAnEmptyMessageAsZero() throws IOException {
    assertEquals(0L, DiscardingMarshaller.INSTANCE.parse(new ByteArrayInputStream(new byte[0])));
  }

  @Test
  void readsToTheEndOfAStreamThatDoesNotSkip() throws IOException {
    InputStream neverSkips = new FilterInputStream(new ByteArrayInputStream(new byte[1234])) {
      @Override
      public long skip(long n) {
        return 0;
      }
    };
    assertEquals(1234L, DiscardingMarshaller.INSTANCE.parse(neverSkips));
  }
}
