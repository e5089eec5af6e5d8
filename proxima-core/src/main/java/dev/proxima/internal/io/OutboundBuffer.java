package dev.proxima.internal.io;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bytes waiting to be written to one connection's socket, kept as a list of chunks so that one
 * gathering write ({@link java.nio.channels.GatheringByteChannel#write(ByteBuffer[])}) sends
 * everything a loop turn produced.
 *
 * <p>Small writes (frame headers, HPACK blocks, control frames) are copied into a heap chunk that
 * grows as needed; large payloads can be {@linkplain #appendDetached appended} without a copy.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
public final class OutboundBuffer {
  /** The largest heap chunk made for small writes. */
  private static final int CHUNK_SIZE = 4 * 1024;
  /** The smallest: what a quiet connection (a SETTINGS or PING ACK now and then) needs. */
  private static final int MIN_CHUNK_SIZE = 256;
  /** A chunk's unused rest worth keeping for the next small writes after a detached buffer. */
  private static final int MIN_TAIL = 64;

  /** Few chunks are queued at once on most connections: a small first array, grown as needed. */
  private final List<ByteBuffer> chunks = new ArrayList<>(4);
  /**
   * Where written chunks go, and the next small writes take theirs from, when this buffer is a
   * connection's (one cache per event loop); null for a buffer of its own, which keeps
   * {@link #spare} instead.
   */
  private final ChunkCache shared;
  /** The heap chunk small writes go to; it is the last element of {@link #chunks} when not null. */
  private ByteBuffer current;
  private long readable;
  /** The heap chunk the last {@link #drain} handed out, which {@link #recycle} may give back. */
  private ByteBuffer recyclable;
  /**
   * A written chunk given back, reused for the next small writes instead of a new allocation;
   * always null when the buffer has a {@link #shared} cache.
   */
  private ByteBuffer spare;
  /**
   * The size of the next heap chunk, following what the last flush needed: a busy connection gets
   * 4 KiB chunks, a quiet one small ones.
   */
  private int chunkSize = MIN_CHUNK_SIZE;

  /** A buffer that keeps one written chunk of its own for reuse. */
  public OutboundBuffer() {
    this(null);
  }

  /**
   * A connection's buffer: written chunks go back to {@code shared}, the cache of its event loop,
   * so that while the connection is idle it holds no chunk.
   */
  OutboundBuffer(ChunkCache shared) {
    this.shared = shared;
  }

  /** Bytes queued and not yet written. */
  public long readableBytes() {
    return readable;
  }

  public boolean isEmpty() {
    return readable == 0;
  }

  /** The absolute write position of the next byte, for {@link #setByte}/{@link #setMedium} back-patching. */
  public long position() {
    return readable;
  }

  public OutboundBuffer writeByte(int b) {
    ensure(1).put((byte) b);
    readable++;
    return this;
  }

  public OutboundBuffer writeShort(int v) {
    ensure(2).putShort((short) v);
    readable += 2;
    return this;
  }

  /** Writes the low 24 bits of {@code v}, big-endian (an HTTP/2 frame length). */
  public OutboundBuffer writeMedium(int v) {
    ByteBuffer b = ensure(3);
    b.put((byte) (v >>> 16)).put((byte) (v >>> 8)).put((byte) v);
    readable += 3;
    return this;
  }

  public OutboundBuffer writeInt(int v) {
    ensure(4).putInt(v);
    readable += 4;
    return this;
  }

  public OutboundBuffer writeLong(long v) {
    ensure(8).putLong(v);
    readable += 8;
    return this;
  }

  public OutboundBuffer write(byte[] src) {
    return write(src, 0, src.length);
  }

  public OutboundBuffer write(byte[] src, int offset, int length) {
    while (length > 0) {
      ByteBuffer b = ensure(1);
      int n = Math.min(length, b.remaining());
      b.put(src, offset, n);
      offset += n;
      length -= n;
      readable += n;
    }
    return this;
  }

  /** Copies the remaining bytes of {@code src}, consuming them. */
  public OutboundBuffer write(ByteBuffer src) {
    while (src.hasRemaining()) {
      ByteBuffer b = ensure(1);
      int n = Math.min(src.remaining(), b.remaining());
      ByteBuffer slice = src.slice(src.position(), n);
      b.put(slice);
      src.position(src.position() + n);
      readable += n;
    }
    return this;
  }

  /**
   * Queues {@code src} itself (no copy). The caller must not touch it afterwards; its remaining
   * bytes are written after everything queued before.
   */
  public OutboundBuffer appendDetached(ByteBuffer src) {
    if (!src.hasRemaining()) {
      return this;
    }
    if (src.remaining() < 1024) {
      return write(src);
    }
    // The rest of the heap chunk takes the small writes that follow (the next frame header), so a
    // stream of large DATA frames does not cost a fresh chunk per frame.
    ByteBuffer tail = current != null && current.remaining() >= MIN_TAIL
        ? current.slice(current.position(), current.remaining())
        : null;
    sealCurrent();
    chunks.add(src);
    readable += src.remaining();
    if (tail != null) {
      current = tail;
      chunks.add(tail);
    }
    return this;
  }

  /** Overwrites a byte already written at absolute {@code position}. */
  public void setByte(long position, int value) {
    locate(position, 1).put(posInChunk, (byte) value);
  }

  /** Overwrites three bytes already written at absolute {@code position} (big-endian). */
  public void setMedium(long position, int value) {
    setByte(position, value >>> 16);
    setByte(position + 1, value >>> 8);
    setByte(position + 2, value);
  }

  /**
   * Returns the queued chunks, ready for a gathering write, and forgets them. The buffer is empty
   * afterwards.
   */
  public ByteBuffer[] drain() {
    ByteBuffer[] out = new ByteBuffer[maxDrained()];
    int n = drainTo(out, 0);
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /** The most chunks the next {@link #drainTo} can hand out: the length its array needs. */
  public int maxDrained() {
    return chunks.size();
  }

  /**
   * Like {@link #drain()}, into {@code into} from index {@code at} (room for {@link #maxDrained()}
   * chunks needed there), so that a caller with an array to reuse allocates nothing. Returns the
   * number of chunks.
   */
  public int drainTo(ByteBuffer[] into, int at) {
    recyclable = current;
    ByteBuffer unusedTail = current != null && current.position() == 0 ? current : null;
    sealCurrent();
    if (unusedTail != null) {
      // Nothing was written into it: it goes nowhere, so it can take the next turn's writes.
      recyclable = null;
      keep(unusedTail.clear());
    }
    int n = chunks.size();
    for (int i = 0; i < n; i++) {
      into[at + i] = chunks.get(i);
    }
    adaptChunkSize(readable);
    chunks.clear();
    readable = 0;
    return n;
  }

  /**
   * Gives back a chunk of the last {@link #drain} once the socket has written it: when it is this
   * buffer's own heap chunk (never a detached user buffer) it is reused, so a connection that
   * flushes every turn does not allocate and zero 16 KiB each time.
   */
  public void recycle(ByteBuffer written) {
    if (written == null || written != recyclable) {
      return;
    }
    // A buffer of its own lets a burst's big chunk go; a loop's cache is bounded by itself.
    if (shared != null || written.capacity() <= 2 * chunkSize) {
      recyclable = null;
      keep(written);
    }
  }

  /** Keeps a chunk nothing refers to any more for the next small writes, here or in the cache. */
  private void keep(ByteBuffer chunk) {
    if (shared == null) {
      spare = chunk;
    } else if (chunk.capacity() >= MIN_CHUNK_SIZE) {
      shared.give(chunk); // smaller: the rest of a chunk (a tail), not worth a cache slot
    }
  }

  /**
   * Forgets everything queued but keeps one heap chunk for reuse, so a scratch buffer used over and
   * over (an HPACK block being built) allocates nothing in the steady state.
   */
  public void clear() {
    adaptChunkSize(readable);
    ByteBuffer keep = current != null ? current : null;
    chunks.clear();
    readable = 0;
    current = null;
    if (keep != null) {
      keep.clear();
      current = keep;
      chunks.add(keep);
    }
  }

  /** Copies everything queued into one new array without draining (tests and diagnostics). */
  public byte[] toByteArray() {
    byte[] out = new byte[Math.toIntExact(readable)];
    int at = 0;
    for (ByteBuffer c : chunks) {
      ByteBuffer view = c == current ? c.duplicate().flip() : c.duplicate();
      int n = view.remaining();
      view.get(out, at, n);
      at += n;
    }
    return out;
  }

  private int posInChunk;

  private ByteBuffer locate(long position, int length) {
    if (position < 0 || position + length > readable) {
      throw new IndexOutOfBoundsException("position " + position + " outside 0.." + readable);
    }
    long start = 0;
    for (ByteBuffer c : chunks) {
      int size = c == current ? c.position() : c.remaining();
      if (position < start + size) {
        posInChunk = (int) (position - start) + (c == current ? 0 : c.position());
        return c;
      }
      start += size;
    }
    throw new IndexOutOfBoundsException("position " + position);
  }

  private ByteBuffer ensure(int n) {
    if (current == null || current.remaining() < n) {
      sealCurrent();
      current = newChunk(n);
      chunks.add(current);
    }
    return current;
  }

  /** A written chunk to fill again, or else a new one sized for the last flush. */
  private ByteBuffer newChunk(int n) {
    int size = Math.max(chunkSize, n);
    if (spare != null && spare.capacity() >= n) {
      ByteBuffer reused = spare.clear();
      spare = null;
      return reused;
    }
    ByteBuffer cached = shared != null ? shared.take(size) : null;
    return cached != null ? cached : ByteBuffer.allocate(size);
  }

  /** Sizes the next chunks for a flush like the one of {@code bytes} just taken. */
  private void adaptChunkSize(long bytes) {
    long wanted = Long.highestOneBit(Math.max(1, bytes)) * 2;
    chunkSize = (int) Math.max(MIN_CHUNK_SIZE, Math.min(CHUNK_SIZE, wanted));
    if (spare != null && spare.capacity() > 2 * chunkSize) {
      spare = null; // a burst is over: let its big chunk go
    }
  }

  /** Flips the heap chunk being filled so it reads like every other queued chunk. */
  private void sealCurrent() {
    if (current != null) {
      current.flip();
      if (!current.hasRemaining()) {
        chunks.remove(chunks.size() - 1);
      }
      current = null;
    }
  }
}
