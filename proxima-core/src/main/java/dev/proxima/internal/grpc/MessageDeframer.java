package dev.proxima.internal.grpc;

import dev.proxima.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns the received DATA of one stream back into messages: the reverse of {@link
 * MessageFramer} (PROTOCOL-HTTP2, Length-Prefixed-Message). A HEADER/BODY state machine is fed
 * buffers as they arrive ({@link #deframe}) and hands out whole messages as the application asks
 * for them ({@link #request}); DATA frame boundaries mean nothing to it.
 *
 * <p><b>Flow control.</b> {@link Listener#bytesRead} reports the wire bytes of each delivered
 * message, and, while a message is requested but not yet whole, the bytes of it received so far.
 * A transport that returns exactly those bytes to the HTTP/2 receive window gets back-pressure for
 * free: a reader that stops requesting stops the window, so without demand at most a window's
 * worth of data is buffered here. Releasing the requested message as it arrives is what lets a
 * message larger than the receive window through at all: held back until whole, it would wait
 * forever for bytes the peer may not send (the window it needs is the one being held).
 *
 * <p><b>Limits.</b> Each failure goes to {@link Listener#deframeFailed} once, after which nothing
 * more is delivered and received data is dropped:
 *
 * <ul>
 *   <li>a Message-Length above {@code maxMessageSize}: RESOURCE_EXHAUSTED, decided from the
 *       prefix, before the body is buffered;
 *   <li>a Compressed-Flag other than 0 or 1: INTERNAL;
 *   <li>Compressed-Flag 1 without a declared encoding (no {@code grpc-encoding}, or identity):
 *       INTERNAL, since "if the Message-Encoding header is omitted then the Compressed-Flag must
 *       be 0";
 *   <li>a message that decompresses to more than {@code maxMessageSize}: RESOURCE_EXHAUSTED,
 *       found while inflating, so a small gzip bomb costs at most {@code maxMessageSize} bytes;
 *   <li>a compressed message that is not valid in its encoding: INTERNAL;
 *   <li>the stream ending inside a message: INTERNAL.
 * </ul>
 *
 * <p>An encoding we do not support is not the deframer's to detect: the caller looks up {@code
 * grpc-encoding} with {@link Compressors#forEncoding} before any data and, on null, ends the
 * call with UNIMPLEMENTED (doc/compression.md) instead of creating a deframer for it.
 *
 * <p><b>Threading.</b> Not thread-safe. A deframer belongs to one call and must be used from that
 * call's serializing executor; listener methods run on the thread that called {@link #deframe},
 * {@link #request} or {@link #endOfStream}. They may call back into the deframer (a listener
 * that requests the next message from {@code messageAvailable} is fine).
 */
public final class MessageDeframer {
  /** Receives what a {@link MessageDeframer} finds. */
  public interface Listener {
    /**
     * One whole message, decompressed if it was compressed. It is a {@link ByteBufferInputStream}
     * whose {@link ByteBufferInputStream#decompressed()} tells whether it arrived compressed. For
     * an uncompressed message the stream reads the received buffers in place and {@code
     * available()} is the exact length.
     */
    void messageAvailable(InputStream message);

    /**
     * {@code n} wire bytes (prefixes included) of delivered messages are consumed and may be
     * returned to the HTTP/2 flow-control window.
     */
    void bytesRead(int n);

    /** The stream must end with {@code status}; nothing more will be delivered. */
    void deframeFailed(Status status);

    /**
     * After {@link #endOfStream}, every message has been delivered and no partial one was left:
     * the peer has half-closed cleanly. Called at most once. The default does nothing.
     */
    default void endOfMessages() {}
  }

  private enum State {
    HEADER,
    BODY
  }

  private final int maxMessageSize;
  private final Listener listener;
  private Compressor decompressor;

  /** Received bytes not yet delivered, in order; each buffer is ours (copied on arrival). */
  // Small: a unary message usually arrives in one DATA frame (the default deque holds 16).
  private final ArrayDeque<ByteBuffer> buffered = new ArrayDeque<>(4);
  private int bufferedBytes;

  private State state = State.HEADER;
  /** From the current message's prefix, valid in BODY. */
  private boolean compressed;
  private int length;
  /** Wire bytes of the current message (prefix included) already reported by bytesRead. */
  private long released;

  /** Messages requested and not yet delivered. */
  private int demand;
  private boolean endOfStream;
  private boolean finished;
  private boolean failed;
  /** Set while delivering, so a listener calling request() does not deliver out of order. */
  private boolean delivering;

  /**
   * @param maxMessageSize the largest message (after decompression) we accept, in bytes
   * @param listener receives messages, consumed byte counts and failures
   */
  public MessageDeframer(int maxMessageSize, Listener listener) {
    if (maxMessageSize < 0) {
      throw new IllegalArgumentException("maxMessageSize must be >= 0, got " + maxMessageSize);
    }
    this.maxMessageSize = maxMessageSize;
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * The encoding declared by the peer's {@code grpc-encoding}: null (or {@link
   * Compressors#IDENTITY}) when none was, which makes a compressed message an error.
   */
  public void setDecompressor(Compressor c) {
    this.decompressor = c;
  }

  /**
   * Adds received bytes and delivers what demand allows. {@code data} is copied (the caller may
   * reuse it after the call) and consumed: its position ends at its limit. Data after a failure
   * or after {@link #endOfStream} is dropped.
   */
  public void deframe(ByteBuffer data) {
    if (failed || endOfStream || !data.hasRemaining()) {
      data.position(data.limit());
      return;
    }
    int n = data.remaining();
    ByteBuffer copy = ByteBuffer.allocate(n);
    copy.put(data).flip();
    buffered.add(copy);
    bufferedBytes += n;
    deliver();
  }

  /** Asks for {@code numMessages} more messages and delivers those already buffered. */
  public void request(int numMessages) {
    if (numMessages <= 0) {
      throw new IllegalArgumentException("numMessages must be > 0, got " + numMessages);
    }
    // Saturate: "request(Integer.MAX_VALUE)" means unbounded and must not wrap.
    demand = (int) Math.min(Integer.MAX_VALUE, (long) demand + numMessages);
    deliver();
  }

  /**
   * The peer ended the stream (END_STREAM): no more data. Buffered whole messages are still
   * delivered as requested; after them, a partial message fails the stream with INTERNAL, and
   * no partial one calls {@link Listener#endOfMessages}.
   */
  public void endOfStream() {
    endOfStream = true;
    deliver();
  }

  /** Whether a whole message is buffered, waiting for {@link #request}. */
  public boolean hasPendingDeliveries() {
    // Prefixes are parsed as soon as they arrive, so a whole message waiting is always in BODY.
    return !failed && state == State.BODY && bufferedBytes >= length;
  }

  /** Received bytes not yet delivered (prefixes included; a parsed prefix no longer counts). */
  public int bufferedBytes() {
    return bufferedBytes;
  }

  /** Drops buffered data and delivers nothing more; for a call that ends early (cancel). */
  public void close() {
    failed = true;
    buffered.clear();
    bufferedBytes = 0;
  }

  private void deliver() {
    if (delivering) {
      return;
    }
    delivering = true;
    try {
      while (!failed) {
        if (state == State.HEADER) {
          // The prefix is read even without demand, so a too-large message fails before its
          // body is buffered.
          if (bufferedBytes < MessageFramer.HEADER_LENGTH) {
            break;
          }
          readHeader();
          continue;
        }
        if (demand == 0) {
          break;
        }
        if (bufferedBytes < length) {
          // Requested but not whole: release what has arrived, so the peer can send the rest.
          release((long) MessageFramer.HEADER_LENGTH + bufferedBytes);
          break;
        }
        InputStream message = readBody();
        if (message == null) {
          break; // failed
        }
        demand--;
        state = State.HEADER;
        // In long: a message near maxMessageSize = Integer.MAX_VALUE and its prefix exceed an int.
        long unreleased = (long) MessageFramer.HEADER_LENGTH + length - released;
        released = 0;
        listener.messageAvailable(message);
        giveBack(unreleased);
      }
      if (endOfStream && !failed && !finished) {
        checkEnd();
      }
    } finally {
      delivering = false;
    }
  }

  /** Reports the current message's wire bytes up to {@code upTo} that were not reported yet. */
  private void release(long upTo) {
    if (upTo > released) {
      long n = upTo - released;
      released = upTo;
      giveBack(n);
    }
  }

  private void giveBack(long bytes) {
    for (long left = bytes; left > 0; left -= Integer.MAX_VALUE) {
      listener.bytesRead((int) Math.min(left, Integer.MAX_VALUE));
    }
  }

  /** At end of stream: fine if nothing is left, an error if part of a message is. */
  private void checkEnd() {
    if (state == State.HEADER && bufferedBytes == 0) {
      finished = true;
      listener.endOfMessages();
    } else if (state == State.HEADER && bufferedBytes < MessageFramer.HEADER_LENGTH) {
      fail(Status.INTERNAL.withDescription("incomplete gRPC message at end of stream: "
          + bufferedBytes + " of " + MessageFramer.HEADER_LENGTH + " prefix bytes"));
    } else if (state == State.BODY && bufferedBytes < length) {
      fail(Status.INTERNAL.withDescription("incomplete gRPC message at end of stream ("
          + bufferedBytes + " of " + length + " bytes)"));
    }
    // Otherwise a whole message is waiting for demand; the check runs again after delivery.
  }

  private void readHeader() {
    int flag = readByte();
    long len = readByte() & 0xffL;
    for (int i = 0; i < 3; i++) {
      len = len << 8 | readByte();
    }
    if (flag != 0 && flag != 1) {
      fail(Status.INTERNAL.withDescription("gRPC message has compressed flag 0x"
          + Integer.toHexString(flag) + "; it must be 0 or 1 (PROTOCOL-HTTP2 Compressed-Flag)"));
      return;
    }
    if (len > maxMessageSize) {
      fail(Status.RESOURCE_EXHAUSTED.withDescription("gRPC message exceeds maximum size "
          + maxMessageSize + ": " + len));
      return;
    }
    if (flag == 1 && (decompressor == null || decompressor == Compressors.IDENTITY)) {
      fail(Status.INTERNAL.withDescription("gRPC message has the compressed flag set but no"
          + " grpc-encoding was declared (PROTOCOL-HTTP2 Compressed-Flag)"));
      return;
    }
    compressed = flag == 1;
    length = (int) len;
    state = State.BODY;
  }

  /** The current message's bytes, decompressed if flagged; null after a failure. */
  private InputStream readBody() {
    InputStream body;
    ByteBuffer first = buffered.peek();
    if (first != null && first.remaining() == length) {
      body = ByteBufferInputStream.taking(buffered.poll()); // the common case: exactly one buffer
    } else {
      List<ByteBuffer> parts = new ArrayList<>();
      int need = length;
      while (need > 0) {
        ByteBuffer head = buffered.peek();
        int n = head.remaining();
        if (n <= need) {
          parts.add(buffered.poll());
          need -= n;
        } else {
          // Split the buffer: the message gets a view of its part, the rest stays queued.
          parts.add(head.slice(head.position(), need));
          head.position(head.position() + need);
          need = 0;
        }
      }
      body = new ByteBufferInputStream(parts);
    }
    bufferedBytes -= length;
    return compressed ? inflate(body) : body;
  }

  /**
   * Decompresses eagerly, stopping one byte past the limit: the limit must hold before the
   * application sees the message (the status is RESOURCE_EXHAUSTED, not a parse error), and
   * stopping early means a bomb never inflates beyond {@code maxMessageSize}. The output is kept
   * in chunks that grow as needed, so small messages stay small.
   */
  private InputStream inflate(InputStream body) {
    List<ByteBuffer> chunks = new ArrayList<>();
    long total = 0;
    int chunkSize = 4096;
    try (InputStream in = decompressor.decompress(body)) {
      while (true) {
        byte[] chunk = new byte[(int) Math.min(chunkSize, (long) maxMessageSize - total + 1)];
        int filled = 0;
        int n;
        while (filled < chunk.length && (n = in.read(chunk, filled, chunk.length - filled)) > 0) {
          filled += n;
        }
        total += filled;
        if (total > maxMessageSize) {
          fail(Status.RESOURCE_EXHAUSTED.withDescription("gRPC message exceeds maximum size "
              + maxMessageSize + " after " + decompressor.encoding() + " decompression ("
              + length + " bytes compressed)"));
          return null;
        }
        if (filled > 0) {
          chunks.add(ByteBuffer.wrap(chunk, 0, filled));
        }
        if (filled < chunk.length) {
          return new ByteBufferInputStream(chunks, true);
        }
        chunkSize = Math.min(chunkSize * 2, 1 << 20);
      }
    } catch (IOException | RuntimeException e) {
      fail(Status.INTERNAL.withDescription("cannot decompress gRPC message with "
          + decompressor.encoding() + ": " + e.getMessage()).withCause(e));
      return null;
    }
  }

  private void fail(Status status) {
    failed = true;
    buffered.clear();
    bufferedBytes = 0;
    listener.deframeFailed(status);
  }

  private int readByte() {
    ByteBuffer head = buffered.peek();
    int b = head.get() & 0xff;
    if (!head.hasRemaining()) {
      buffered.poll();
    }
    bufferedBytes--;
    return b;
  }
}
