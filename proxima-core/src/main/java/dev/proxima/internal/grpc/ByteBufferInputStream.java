package dev.proxima.internal.grpc;

import dev.proxima.BufferedMessage;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Reads a sequence of buffers as one stream, in place: how a received message reaches {@link
 * dev.proxima.Marshaller#parse} without being copied into one array. {@link #available()} is
 * exact (the bytes left), so a parser can size its own buffer from it, and a message in one heap
 * buffer is handed out whole by {@link #unreadBytes()}, for a marshaller to parse in place.
 *
 * <p>Not thread-safe. The buffers must never change once given to the stream: what a marshaller
 * parses from {@link #unreadBytes()} may keep views of them.
 */
public final class ByteBufferInputStream extends InputStream implements BufferedMessage {
  private final ByteBuffer[] buffers;
  private int index;
  private long remaining;
  private int markIndex = -1;
  private long markRemaining;
  private final boolean decompressed;

  /** A stream over {@code buffers}, from each one's position to its limit. */
  public ByteBufferInputStream(List<ByteBuffer> buffers) {
    this(buffers, false);
  }

  /**
   * A stream over {@code buffers}; {@code decompressed} tells that they hold a message that arrived
   * compressed (Compressed-Flag 1), as {@link #decompressed()} reports.
   */
  public ByteBufferInputStream(List<ByteBuffer> buffers, boolean decompressed) {
    this.decompressed = decompressed;
    this.buffers = new ByteBuffer[buffers.size()];
    for (int i = 0; i < this.buffers.length; i++) {
      // Duplicates: reading moves our positions, never the owner's.
      this.buffers[i] = buffers.get(i).duplicate();
      remaining += this.buffers[i].remaining();
    }
  }

  private ByteBufferInputStream(ByteBuffer only) {
    this.decompressed = false;
    this.buffers = new ByteBuffer[] {only};
    this.remaining = only.remaining();
  }

  /**
   * A stream over {@code message} alone, which it takes over: reading moves its position, so no
   * one else may use the buffer (how the deframer hands on a message that arrived in one piece).
   */
  public static ByteBufferInputStream taking(ByteBuffer message) {
    return new ByteBufferInputStream(message);
  }

  /** The unread bytes when they are all in one heap buffer, as a view of it; else null. */
  @Override
  public ByteBuffer unreadBytes() {
    ByteBuffer b = current();
    return b != null && b.remaining() == remaining && b.hasArray() ? b.duplicate() : null;
  }

  /** Whether the message these bytes hold arrived compressed (and was decompressed). */
  public boolean decompressed() {
    return decompressed;
  }

  @Override
  public int read() {
    ByteBuffer b = current();
    if (b == null) {
      return -1;
    }
    remaining--;
    return b.get() & 0xff;
  }

  @Override
  public int read(byte[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    if (len == 0) {
      return 0;
    }
    int total = 0;
    while (total < len) {
      ByteBuffer b = current();
      if (b == null) {
        break;
      }
      int n = Math.min(len - total, b.remaining());
      b.get(dst, off + total, n);
      total += n;
    }
    remaining -= total;
    return total == 0 ? -1 : total;
  }

  @Override
  public long skip(long n) {
    long skipped = 0;
    while (skipped < n) {
      ByteBuffer b = current();
      if (b == null) {
        break;
      }
      int step = (int) Math.min(n - skipped, b.remaining());
      b.position(b.position() + step);
      skipped += step;
    }
    remaining -= skipped;
    return skipped;
  }

  /** The bytes left: exact. */
  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, remaining);
  }

  @Override
  public boolean markSupported() {
    return true;
  }

  @Override
  public void mark(int readLimit) {
    for (ByteBuffer b : buffers) {
      b.mark();
    }
    markIndex = index;
    markRemaining = remaining;
  }

  @Override
  public void reset() {
    if (markIndex < 0) {
      throw new IllegalStateException("reset without mark");
    }
    // Buffers before the mark's are exhausted either way; rewinding every buffer to its mark
    // restores the positions of the mark's buffer and of all later ones.
    for (int i = markIndex; i < buffers.length; i++) {
      buffers[i].reset();
    }
    index = markIndex;
    remaining = markRemaining;
  }

  private ByteBuffer current() {
    while (index < buffers.length) {
      if (buffers[index].hasRemaining()) {
        return buffers[index];
      }
      index++;
    }
    return null;
  }
}
