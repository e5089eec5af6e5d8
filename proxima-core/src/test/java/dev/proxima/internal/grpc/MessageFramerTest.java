package dev.proxima.internal.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class MessageFramerTest {
  @Test
  void aLargeMessageIsAPrefixOfFlagZeroAndBigEndianLengthThenTheMessageItself() throws Exception {
    ByteBuffer message = ByteBuffer.wrap(new byte[0x010203]);
    ByteBuffer[] framed = MessageFramer.frame(message, null);
    assertEquals(2, framed.length);
    assertArrayEquals(new byte[] {0, 0, 0x01, 0x02, 0x03}, bytes(framed[0]));
    assertSame(message, framed[1]);
    assertEquals(0, message.position());
  }

  @Test
  void aSmallMessageIsOneBufferWithItsPrefix() throws Exception {
    ByteBuffer message = ByteBuffer.wrap(new byte[] {7, 8});
    ByteBuffer[] framed = MessageFramer.frame(message, Compressors.IDENTITY);
    assertEquals(1, framed.length);
    assertArrayEquals(new byte[] {0, 0, 0, 0, 2, 7, 8}, bytes(framed[0]));
    assertEquals(0, message.position());
  }

  @Test
  void oneBufferUpToTheLimitIncludingThePrefix() throws Exception {
    int fits = MessageFramer.ONE_BUFFER_LIMIT - MessageFramer.HEADER_LENGTH;
    assertEquals(1, MessageFramer.frame(ByteBuffer.allocate(fits), null).length);
    assertEquals(2, MessageFramer.frame(ByteBuffer.allocate(fits + 1), null).length);
  }

  @Test
  void emptyMessageHasLengthZero() throws Exception {
    ByteBuffer[] framed = MessageFramer.frame(ByteBuffer.allocate(0), null);
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0}, bytes(framed[0]));
  }

  @Test
  void gzipSetsFlagOneAndTheCompressedLength() throws Exception {
    byte[] text = new byte[10_000];
    ByteBuffer framed = MessageFramer.frame(ByteBuffer.wrap(text), Compressors.GZIP)[0];
    assertEquals(1, framed.get(0));
    assertEquals(framed.remaining() - MessageFramer.HEADER_LENGTH, framed.getInt(1));
    byte[] body = bytes(framed.duplicate().position(MessageFramer.HEADER_LENGTH));
    assertArrayEquals(text, Compressors.GZIP.decompress(new ByteArrayInputStream(body)).readAllBytes());
  }

  @Test
  void messagePositionIsRespected() throws Exception {
    ByteBuffer message = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5});
    message.position(3);
    assertArrayEquals(new byte[] {0, 0, 0, 0, 2, 4, 5}, bytes(MessageFramer.frame(message, null)[0]));
    assertEquals(3, message.position());
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
