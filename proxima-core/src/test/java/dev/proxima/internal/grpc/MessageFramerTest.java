package dev.proxima.internal.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class MessageFramerTest {
  @Test
  void prefixIsFlagZeroAndBigEndianLengthAndBodyIsTheMessageItself() throws Exception {
    ByteBuffer message = ByteBuffer.wrap(new byte[0x010203]);
    ByteBuffer[] framed = MessageFramer.frame(message, null);
    assertArrayEquals(new byte[] {0, 0, 0x01, 0x02, 0x03}, bytes(framed[0]));
    assertSame(message, framed[1]);
    assertEquals(0, message.position());
  }

  @Test
  void identityCompressorSendsFlagZero() throws Exception {
    ByteBuffer message = ByteBuffer.wrap(new byte[] {7, 8});
    ByteBuffer[] framed = MessageFramer.frame(message, Compressors.IDENTITY);
    assertArrayEquals(new byte[] {0, 0, 0, 0, 2}, bytes(framed[0]));
    assertSame(message, framed[1]);
  }

  @Test
  void emptyMessageHasLengthZero() throws Exception {
    ByteBuffer[] framed = MessageFramer.frame(ByteBuffer.allocate(0), null);
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0}, bytes(framed[0]));
    assertEquals(0, framed[1].remaining());
  }

  @Test
  void gzipSetsFlagOneAndTheCompressedLength() throws Exception {
    byte[] text = new byte[10_000];
    ByteBuffer[] framed = MessageFramer.frame(ByteBuffer.wrap(text), Compressors.GZIP);
    ByteBuffer prefix = framed[0];
    assertEquals(1, prefix.get(0));
    assertEquals(framed[1].remaining(), prefix.getInt(1));
    assertArrayEquals(text, Compressors.GZIP
        .decompress(new ByteArrayInputStream(bytes(framed[1]))).readAllBytes());
  }

  @Test
  void messagePositionIsRespected() throws Exception {
    ByteBuffer message = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5});
    message.position(3);
    assertArrayEquals(new byte[] {0, 0, 0, 0, 2}, bytes(MessageFramer.frame(message, null)[0]));
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
