package dev.proxima.internal.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteBufferInputStreamTest {
  private static List<ByteBuffer> parts() {
    return List.of(ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.allocate(0),
        ByteBuffer.wrap(new byte[] {3, 4, 5}));
  }

  @Test
  void readsAcrossBuffersWithExactAvailable() throws Exception {
    ByteBufferInputStream in = new ByteBufferInputStream(parts());
    assertEquals(5, in.available());
    assertEquals(1, in.read());
    assertEquals(4, in.available());
    byte[] dst = new byte[10];
    assertEquals(4, in.read(dst, 0, 10));
    assertArrayEquals(new byte[] {2, 3, 4, 5}, java.util.Arrays.copyOf(dst, 4));
    assertEquals(0, in.available());
    assertEquals(-1, in.read());
    assertEquals(-1, in.read(dst, 0, 1));
  }

  @Test
  void readingDoesNotMoveTheOwnersBuffers() throws Exception {
    List<ByteBuffer> parts = parts();
    new ByteBufferInputStream(parts).readAllBytes();
    assertEquals(0, parts.get(0).position());
  }

  @Test
  void aTakenBufferIsReadItself() throws Exception {
    ByteBuffer message = ByteBuffer.wrap(new byte[] {9, 1, 2, 3}).position(1);
    ByteBufferInputStream in = ByteBufferInputStream.taking(message);
    assertEquals(3, in.available());
    assertEquals(1, in.read());
    assertEquals(2, message.position(), "no copy of the buffer's position: the stream owns it");
    assertArrayEquals(new byte[] {2, 3}, in.readAllBytes());
  }

  @Test
  void skipAndMarkResetWorkAcrossBuffers() throws Exception {
    ByteBufferInputStream in = new ByteBufferInputStream(parts());
    assertEquals(1, in.skip(1));
    in.mark(100);
    assertEquals(3, in.skip(3));
    assertEquals(1, in.available());
    in.reset();
    assertEquals(4, in.available());
    assertArrayEquals(new byte[] {2, 3, 4, 5}, in.readAllBytes());
    assertEquals(0, in.skip(5));
  }

  @Test
  void unreadBytesInOneHeapBufferAreHandedOutAsAViewThatDoesNotMoveTheStream() throws Exception {
    ByteBufferInputStream in = new ByteBufferInputStream(parts());
    assertNull(in.unreadBytes(), "spread over two buffers");
    assertEquals(1, in.read());
    assertNull(in.unreadBytes());
    assertEquals(2, in.read());
    ByteBuffer rest = in.unreadBytes(); // {3, 4, 5}: all in the last buffer now
    assertEquals(3, rest.remaining());
    assertEquals(3, rest.get());
    assertEquals(3, in.available(), "reading the view leaves the stream where it was");
    assertArrayEquals(new byte[] {3, 4, 5}, in.readAllBytes());
    assertNull(in.unreadBytes(), "nothing left");
  }

  @Test
  void unreadBytesInADirectBufferAreNotHandedOut() {
    ByteBuffer direct = ByteBuffer.allocateDirect(4);
    assertNull(new ByteBufferInputStream(List.of(direct)).unreadBytes());
  }
}
