package dev.proxima.internal.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompressorsTest {
  @Test
  void registryKnowsIdentityAndGzipOnly() {
    assertSame(Compressors.IDENTITY, Compressors.forEncoding("identity"));
    assertSame(Compressors.GZIP, Compressors.forEncoding("gzip"));
    assertSame(Compressors.GZIP, Compressors.forEncoding("GZIP"));
    assertNull(Compressors.forEncoding("snappy"));
    assertNull(Compressors.forEncoding("deflate"));
    assertNull(Compressors.forEncoding(null));
    assertEquals("gzip", Compressors.GZIP.encoding());
    assertEquals("identity", Compressors.IDENTITY.encoding());
  }

  @Test
  void weAdvertiseGzip() {
    assertEquals("gzip", Compressors.acceptEncoding());
  }

  @Test
  void acceptsParsesACommaSeparatedList() {
    assertTrue(Compressors.accepts("deflate, gzip", "gzip"));
    assertTrue(Compressors.accepts("gzip,deflate", "deflate"));
    assertFalse(Compressors.accepts("deflate,snappy", "gzip"));
    assertFalse(Compressors.accepts("gzipx", "gzip"));
    assertFalse(Compressors.accepts(null, "gzip"));
    assertFalse(Compressors.accepts("gzip", null));
  }

  @Test
  void identityIsAlwaysAccepted() {
    assertTrue(Compressors.accepts(null, "identity"));
    assertTrue(Compressors.accepts("gzip", "identity"));
  }

  @Test
  void gzipRoundTripsHeapAndDirectBuffersWithoutMovingThem() throws Exception {
    byte[] text = "hello hello hello hello gRPC".repeat(100).getBytes(StandardCharsets.US_ASCII);
    ByteBuffer direct = ByteBuffer.allocateDirect(text.length).put(text).flip();
    for (ByteBuffer in : new ByteBuffer[] {ByteBuffer.wrap(text), direct}) {
      ByteBuffer compressed = Compressors.GZIP.compress(in);
      assertEquals(0, in.position());
      assertTrue(compressed.remaining() < text.length / 10);
      byte[] bytes = new byte[compressed.remaining()];
      compressed.get(bytes);
      assertArrayEquals(text,
          Compressors.GZIP.decompress(new ByteArrayInputStream(bytes)).readAllBytes());
    }
  }
}
