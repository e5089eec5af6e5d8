package dev.proxima.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The outbound queue: order, back-patching, detached buffers, and reuse of written chunks. */
class OutboundBufferTest {
  @Test
  void bytesComeOutInTheOrderWritten() {
    OutboundBuffer out = new OutboundBuffer();
    out.writeByte(1).writeShort(0x0203).writeMedium(0x040506).writeInt(0x0708090a);
    out.appendDetached(ByteBuffer.wrap(new byte[2000]));
    out.writeByte(0x0b);
    byte[] all = out.toByteArray();
    assertEquals(1 + 2 + 3 + 4 + 2000 + 1, all.length);
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, java.util.Arrays.copyOf(all, 10));
    assertEquals(0x0b, all[all.length - 1]);
  }

  @Test
  void setMediumBackPatchesAFrameLength() {
    OutboundBuffer out = new OutboundBuffer();
    long at = out.position();
    out.writeMedium(0).writeByte(9);
    out.setMedium(at, 0x123456);
    assertArrayEquals(new byte[] {0x12, 0x34, 0x56, 9}, out.toByteArray());
  }

  @Test
  void drainToFillsACallersArrayFromAnIndexWithTheChunksDrainWouldReturn() {
    OutboundBuffer out = new OutboundBuffer();
    out.writeInt(1);
    ByteBuffer user = ByteBuffer.wrap(new byte[8192]); // large enough to stay detached, not copied
    out.appendDetached(user);
    out.writeByte(4);
    assertTrue(out.maxDrained() >= 3);
    ByteBuffer[] into = new ByteBuffer[2 + out.maxDrained()];
    int n = out.drainTo(into, 2);
    assertEquals(3, n);
    assertEquals(null, into[0]);
    assertEquals(1, into[2].getInt(0));
    assertSame(user, into[3]);
    assertEquals(4, into[4].get(0));
    assertEquals(0, out.readableBytes());
    assertEquals(0, out.drain().length);
  }

  @Test
  void aWrittenChunkGivenBackIsReusedInsteadOfAllocatingANewOne() {
    OutboundBuffer out = new OutboundBuffer();
    out.writeInt(42);
    ByteBuffer[] first = out.drain();
    first[0].position(first[0].limit()); // the socket wrote it
    out.recycle(first[0]);
    out.writeInt(43);
    ByteBuffer[] second = out.drain();
    assertSame(first[0], second[0]);
    assertEquals(43, second[0].getInt(0));
    assertEquals(4, second[0].remaining());
  }

  @Test
  void aConnectionsBufferGivesItsWrittenChunkToTheLoopAndKeepsNone() {
    ChunkCache loopCache = new ChunkCache(4);
    OutboundBuffer idle = new OutboundBuffer(loopCache);
    idle.writeInt(42); // a SETTINGS ACK, say
    ByteBuffer[] written = idle.drain();
    written[0].position(written[0].limit());
    idle.recycle(written[0]);
    assertEquals(1, loopCache.size(), "the chunk waits in the loop's cache, not in the buffer");

    OutboundBuffer busy = new OutboundBuffer(loopCache);
    busy.writeInt(43);
    assertSame(written[0], busy.drain()[0], "another connection of the loop writes into it");
    assertEquals(0, loopCache.size());
  }

  @Test
  void theUnusedRestOfAChunkIsNotWorthACacheSlot() {
    ChunkCache loopCache = new ChunkCache(4);
    OutboundBuffer out = new OutboundBuffer(loopCache);
    out.writeInt(1);
    out.appendDetached(ByteBuffer.wrap(new byte[4096])); // the chunk's rest becomes the tail
    out.drain(); // nothing was written into the tail
    assertEquals(0, loopCache.size());
  }

  @Test
  void aDetachedUserBufferIsNeverReused() {
    OutboundBuffer out = new OutboundBuffer();
    ByteBuffer user = ByteBuffer.wrap(new byte[4096]);
    out.appendDetached(user);
    ByteBuffer[] drained = out.drain();
    assertSame(user, drained[0]);
    out.recycle(user);
    out.writeInt(7);
    assertNotSame(user, out.drain()[0], "a user's buffer must not be written into");
  }

  @Test
  void aChunkNotGivenBackIsNotReused() {
    OutboundBuffer out = new OutboundBuffer();
    out.writeInt(1);
    ByteBuffer[] first = out.drain();
    out.writeInt(2); // the first chunk may still be on its way to the socket
    assertNotSame(first[0], out.drain()[0]);
    assertEquals(1, first[0].getInt(0), "the chunk in flight is untouched");
  }

  @Test
  void smallWritesAfterADetachedBufferShareTheChunkInsteadOfANewOne() {
    OutboundBuffer out = new OutboundBuffer();
    byte[] payload = new byte[2048];
    for (int i = 0; i < 3; i++) {
      out.writeMedium(payload.length).writeByte(0).writeByte(0).writeInt(1); // a frame header
      out.appendDetached(ByteBuffer.wrap(payload));
    }
    ByteBuffer[] bufs = out.drain();
    assertEquals(6, bufs.length, "three headers and three payloads, in order");
    for (int i = 0; i < 6; i += 2) {
      assertEquals(9, bufs[i].remaining());
      assertSame(bufs[0].array(), bufs[i].array(), "every header in the one chunk");
      assertEquals(2048, bufs[i + 1].remaining());
    }
    assertEquals(3 * (9 + 2048), out.readableBytes() + java.util.Arrays.stream(bufs).mapToInt(ByteBuffer::remaining).sum());
  }
}
