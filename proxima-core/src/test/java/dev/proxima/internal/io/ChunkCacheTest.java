package dev.proxima.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The written chunks an event loop keeps for its connections' next writes. */
class ChunkCacheTest {
  @Test
  void aChunkGivenBackIsTakenClearedByTheNextWriter() {
    ChunkCache cache = new ChunkCache(2);
    ByteBuffer chunk = ByteBuffer.allocate(256).position(100);
    cache.give(chunk);
    ByteBuffer taken = cache.take(256);
    assertSame(chunk, taken);
    assertEquals(0, taken.position());
    assertEquals(256, taken.remaining());
    assertNull(cache.take(1), "taken chunks leave the cache");
  }

  @Test
  void aChunkTooSmallForTheWriterStays() {
    ChunkCache cache = new ChunkCache(2);
    ByteBuffer small = ByteBuffer.allocate(256);
    cache.give(small);
    assertNull(cache.take(4096));
    assertSame(small, cache.take(256));
  }

  @Test
  void chunksBeyondTheBoundAreDropped() {
    ChunkCache cache = new ChunkCache(2);
    for (int i = 0; i < 3; i++) {
      cache.give(ByteBuffer.allocate(256));
    }
    assertEquals(2, cache.size());
  }
}
