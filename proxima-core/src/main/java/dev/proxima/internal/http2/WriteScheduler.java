package dev.proxima.internal.http2;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.hpack.HpackEncoder;
import dev.proxima.internal.io.Connection;
import dev.proxima.internal.io.OutboundBuffer;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The write side of one connection: the streams with frames to send, taken in turn, and the
 * encoding of the header blocks this side sends.
 *
 * <p>DATA goes out within the stream's and the connection's send windows (RFC 9113 §6.9.1), one
 * frame per stream per turn, so that a large transfer never starves the small ones behind it. A
 * stream blocked on its own window leaves the queue until its WINDOW_UPDATE re-queues it; one
 * blocked on the connection's window keeps its place at the head. After a stream's data come its
 * END_STREAM and its trailers. Header blocks are HPACK-encoded here (RFC 7541) and framed by
 * {@link FrameWriter#headers}, which splits them into CONTINUATION frames (RFC 9113 §6.10).
 *
 * <p>The connection makes it at its first header block or queued write, so an idle connection
 * holds none; the queue and the encoding buffer are made when first needed too.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class WriteScheduler {
  private final Http2Connection connection;
  private final FrameWriter writer;
  private final HpackEncoder encoder;
  private final SendWindow connectionWindow;
  private final Connection nio;
  private final OutboundBuffer out;
  /** Streams with frames to send, in turn; see {@link #queue}. */
  private ArrayDeque<Http2Stream> writeQueue;
  /** Where a header block is built before it is framed; made at the first block sent. */
  private OutboundBuffer headerScratch;
  private boolean writing;

  WriteScheduler(Http2Connection connection, FrameWriter writer, HpackEncoder encoder,
      SendWindow connectionWindow, Connection nio) {
    this.connection = connection;
    this.writer = writer;
    this.encoder = encoder;
    this.connectionWindow = connectionWindow;
    this.nio = nio;
    this.out = nio.outbound();
  }

  /** Puts {@code s} at the end of the write queue unless it is in it already. */
  void queue(Http2Stream s) {
    if (s.inWriteQueue) {
      return;
    }
    s.inWriteQueue = true;
    if (writeQueue == null) {
      writeQueue = new ArrayDeque<>();
    }
    writeQueue.add(s);
  }

  /** Forgets every queued stream: the connection is closing. */
  void clear() {
    if (writeQueue != null) {
      writeQueue.clear();
    }
  }

  /** Encodes {@code headers} and writes them as one header block on {@code streamId}. */
  void encodeHeaders(int streamId, List<HeaderField> headers, boolean endStream) {
    connection.onFrameSent();
    if (headerScratch == null) {
      headerScratch = new OutboundBuffer();
    }
    headerScratch.clear();
    encoder.encode(headers, headerScratch);
    byte[] block = headerScratch.toByteArray();
    writer.headers(out, streamId, block, 0, block.length, endStream);
  }

  /**
   * Writes queued stream data as far as the windows and the socket allow, one frame per stream in
   * turn so that a large transfer never starves the small ones behind it.
   */
  void writePending() {
    if (writing || connection.isClosed()) {
      return;
    }
    writing = true;
    try {
      while (hasQueuedWrites() && nio.isWritable()) {
        Http2Stream s = writeQueue.poll();
        s.inWriteQueue = false;
        if (s.state().isClosed() || !s.hasPendingWrites()) {
          continue;
        }
        if (s.hasPendingData()) {
          int n = (int) Math.min(Math.min(s.sendWindow.available(), connectionWindow.available()),
              Math.min(writer.maxFrameSize(), s.pendingBytes()));
          if (n == 0) {
            if (connectionWindow.available() == 0) {
              // Blocked on the connection: keep our place, a connection WINDOW_UPDATE resumes us.
              s.inWriteQueue = true;
              writeQueue.addFirst(s);
              break;
            }
            continue; // blocked on its own window: that stream's WINDOW_UPDATE re-queues it
          }
          ByteBuffer chunk = s.takeData(n);
          // takeData stops at the end of the head buffer: debit what this frame carries, not n.
          int sent = chunk.remaining();
          s.sendWindow.consume(sent);
          connectionWindow.consume(sent);
          boolean end = s.pendingEndStream() && !s.hasPendingTrailers();
          writer.data(out, s.id(), chunk, end);
          connection.onFrameSent();
          if (end) {
            s.clearEndStream();
            s.state(s.state().onSendData(true));
          }
          s.notifyReadyIfDrained();
        } else if (s.pendingEndStream()) {
          writer.data(out, s.id(), ByteBuffer.allocate(0), true);
          s.clearEndStream();
          s.state(s.state().onSendData(true));
        } else {
          List<HeaderField> trailers = s.takeTrailersIfDataDone();
          if (trailers != null) {
            s.state(s.state().onSendHeaders(true));
            encodeHeaders(s.id(), trailers, true);
          }
        }
        if (s.hasPendingWrites() && !s.state().isClosed()) {
          queue(s);
        }
        connection.closeStreamIfDone(s);
      }
    } finally {
      writing = false;
    }
  }

  private boolean hasQueuedWrites() {
    return writeQueue != null && !writeQueue.isEmpty();
  }
}
