package dev.proxima.internal.io;

import java.nio.ByteBuffer;

/**
 * Heap chunks that the socket has written out, free for the next small writes of any connection
 * of one {@link EventLoop}. A connection's {@link OutboundBuffer} takes one for the frames of a
 * turn and gives it back once written, so an idle connection holds no chunk at all, and a busy one
 * reuses the chunk it gave back the turn before instead of allocating (and zeroing) a new one.
 *
 * <p>Bounded: chunks given back beyond {@link #maxChunks} are dropped for the collector. Chunks
 * are at most {@code 4 KiB}, so a full cache holds {@code maxChunks * 4 KiB}.
 *
 * <p>Not thread-safe: the loop's thread only, like the buffers that use it.
 */
final class ChunkCache {
  private final ByteBuffer[] free;
  private int count;

  /** A cache that keeps at most {@code maxChunks} chunks. */
  ChunkCache(int maxChunks) {
    this.free = new ByteBuffer[maxChunks];
  }

  /** A free chunk of at least {@code minCapacity} bytes, cleared, or null when none fits. */
  ByteBuffer take(int minCapacity) {
    for (int i = count - 1; i >= 0; i--) {
      ByteBuffer chunk = free[i];
      if (chunk.capacity() >= minCapacity) {
        free[i] = free[--count];
        free[count] = null;
        return chunk.clear();
      }
    }
    return null;
  }

  /** Keeps {@code chunk}, which nothing references any more, for reuse; drops it when full. */
  void give(ByteBuffer chunk) {
    if (count < free.length) {
      free[count++] = chunk;
    }
  }

  /** Chunks kept now (for tests). */
  int size() {
    return count;
  }
}
