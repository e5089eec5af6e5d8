package dev.proxima.internal.http2;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.io.EventLoop;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One HTTP/2 stream: its state (RFC 9113 §5.1), its two flow-control windows, and the data its
 * producer queued that the peer's windows do not let out yet.
 *
 * <p>Threading: every method must be called on the connection's event loop ({@link #loop()}); other
 * threads hand work over with {@code stream.loop().execute(...)}.
 *
 * <p>Sending never blocks and never fails for lack of window: data waits in the stream's queue and
 * {@link #isReady()} turns false once more than the configured threshold waits, so a well-behaved
 * producer stops producing; {@link Http2StreamListener#onReady} says when to go on.
 */
public final class Http2Stream {
  /** What {@link #endStream} sends: never queued (only data with bytes is), so shared. */
  private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);
  private final Http2Connection connection;
  private int id;
  private StreamState state = StreamState.IDLE;
  private Http2StreamListener listener;

  final SendWindow sendWindow;
  final ReceiveWindow receiveWindow;

  /**
   * Data waiting for the send window, in order. A unary call queues one message (its prefix and
   * body, maybe trailers behind): a small first array, grown as needed.
   */
  private final ArrayDeque<ByteBuffer> pendingData = new ArrayDeque<>(3);
  private long pendingBytes;
  private boolean pendingEndStream;
  private List<HeaderField> pendingTrailers;
  /** Headers queued on a client stream waiting for a free concurrency slot. */
  List<HeaderField> pendingHeaders;
  boolean pendingHeadersEndStream;

  private boolean autoConsume = true;
  /**
   * Flow-controlled bytes received on this stream that the connection's receive window has not
   * had back yet: consuming them gives them back, and so does an abnormal end, all at once.
   */
  private int heldBytes;
  private boolean headersReceived;
  /**
   * The content-length of the message received, against which its DATA is counted (RFC 9113
   * §8.1.1); null when it announced none, or its content is not checked.
   */
  ContentLength contentLength;
  /**
   * A client stream whose request was HEAD: its response's content-length describes content that
   * is not sent (RFC 9110 §9.3.2), so it is not checked.
   */
  boolean requestWasHead;
  private boolean wasNotReady;
  boolean inWriteQueue;

  Http2Stream(Http2Connection connection, int id, int sendWindow, int receiveWindow) {
    this.connection = connection;
    this.id = id;
    this.sendWindow = new SendWindow(sendWindow);
    this.receiveWindow = new ReceiveWindow(receiveWindow);
  }

  /** The stream id; 0 while a client stream waits for a free slot under the peer's limit. */
  public int id() {
    return id;
  }

  void assignId(int id) {
    this.id = id;
  }

  public StreamState state() {
    return state;
  }

  void state(StreamState next) {
    this.state = next;
  }

  public Http2Connection connection() {
    return connection;
  }

  public EventLoop loop() {
    return connection.loop();
  }

  Http2StreamListener listener() {
    return listener;
  }

  public void listener(Http2StreamListener listener) {
    this.listener = listener;
  }

  /** Sends a header block; with {@code endStream}, the last thing this side sends. */
  public void sendHeaders(List<HeaderField> headers, boolean endStream) {
    if (state.canSend() && (!pendingData.isEmpty() || pendingEndStream)) {
      // Headers after data are trailers and must follow the queued data.
      if (!endStream) {
        throw new IllegalStateException("stream " + id + ": headers after data must end the stream (trailers)");
      }
      sendTrailers(headers);
      return;
    }
    connection.writeHeaders(this, headers, endStream);
  }

  /**
   * Queues {@code data} (ownership passes to the stream: do not touch it afterwards) and sends what
   * the windows allow. With {@code endStream}, the last DATA frame carries END_STREAM.
   */
  public void sendData(ByteBuffer data, boolean endStream) {
    if (pendingEndStream || pendingTrailers != null) {
      throw new IllegalStateException("stream " + id + ": data after the end of the stream");
    }
    if (data.hasRemaining()) {
      pendingData.add(data);
      pendingBytes += data.remaining();
    }
    pendingEndStream = endStream;
    connection.streamHasPendingWrites(this);
  }

  /** Ends the stream after the queued DATA: the last DATA frame (empty if none is queued) carries END_STREAM. */
  public void endStream() {
    sendData(NO_DATA, true);
  }

  /** Queues trailers (END_STREAM) to go out after every queued DATA frame. */
  public void sendTrailers(List<HeaderField> trailers) {
    if (pendingEndStream || pendingTrailers != null) {
      throw new IllegalStateException("stream " + id + ": trailers after the end of the stream");
    }
    pendingTrailers = List.copyOf(trailers);
    connection.streamHasPendingWrites(this);
  }

  /** Resets the stream (RST_STREAM) with {@code code}; queued data is dropped. */
  public void reset(ErrorCode code) {
    connection.resetStream(this, code);
  }

  /** True while the producer may send more: fewer bytes than the threshold wait for window. */
  public boolean isReady() {
    boolean ready = state.canSend() && pendingBytes < connection.config().streamReadyThreshold();
    if (!ready) {
      wasNotReady = true;
    }
    return ready;
  }

  /**
   * With {@code false}, received bytes count against the window until {@link #consumed} gives them
   * back: the receiver controls how fast the peer may send.
   */
  public void setAutoConsume(boolean autoConsume) {
    this.autoConsume = autoConsume;
  }

  boolean autoConsume() {
    return autoConsume;
  }

  /** Gives {@code bytes} received bytes back to the stream's and the connection's windows. */
  public void consumed(int bytes) {
    connection.returnBytes(this, bytes);
  }

  /**
   * The reader is done with this stream (its call ended) and will consume nothing more: every byte
   * the stream still holds goes back to the connection's window now (RFC 9113 §6.9), as if
   * consumed. Loop thread.
   */
  public void releaseAll() {
    if (heldBytes > 0) {
      consumed(heldBytes);
    }
  }

  /** Counts {@code bytes} received on this stream: held against the connection's window. */
  void bytesReceived(int bytes) {
    heldBytes += bytes;
  }

  /** Bytes received on this stream and not yet given back to the connection's window. */
  int heldBytes() {
    return heldBytes;
  }

  /**
   * Of {@code bytes} consumed, the ones this stream still holds, which the connection's window
   * gets back now; none once an abnormal end gave back all it held.
   */
  int release(int bytes) {
    int released = Math.min(bytes, heldBytes);
    heldBytes -= released;
    return released;
  }

  /** Bytes queued that the windows have not let out yet. */
  public long pendingBytes() {
    return pendingBytes;
  }

  boolean hasPendingWrites() {
    return pendingBytes > 0 || pendingEndStream || pendingTrailers != null;
  }

  boolean hasPendingTrailers() {
    return pendingTrailers != null;
  }

  boolean hasPendingData() {
    return pendingBytes > 0;
  }

  boolean pendingEndStream() {
    return pendingEndStream && pendingBytes == 0;
  }

  List<HeaderField> takeTrailersIfDataDone() {
    if (pendingBytes > 0 || pendingTrailers == null) {
      return null;
    }
    List<HeaderField> t = pendingTrailers;
    pendingTrailers = null;
    return t;
  }

  /** Takes up to {@code max} bytes from the head of the queue, as a slice (no copy). */
  ByteBuffer takeData(int max) {
    ByteBuffer head = pendingData.peek();
    ByteBuffer out;
    if (head.remaining() <= max) {
      out = pendingData.poll();
    } else {
      out = head.slice(head.position(), max);
      head.position(head.position() + max);
    }
    pendingBytes -= out.remaining();
    return out;
  }

  void clearEndStream() {
    pendingEndStream = false;
  }

  void dropPending() {
    pendingData.clear();
    pendingBytes = 0;
    pendingEndStream = false;
    pendingTrailers = null;
  }

  /** Called after data left the queue: tells the producer once it may go on. */
  void notifyReadyIfDrained() {
    if (wasNotReady && state.canSend() && pendingBytes < connection.config().streamReadyThreshold()) {
      wasNotReady = false;
      if (listener != null) {
        listener.onReady(this);
      }
    }
  }

  /** Whether the request or final (non-1xx) response headers have arrived; later blocks are trailers. */
  boolean headersReceived() {
    return headersReceived;
  }

  void headersReceived(boolean received) {
    this.headersReceived = received;
  }

  @Override
  public String toString() {
    return "Http2Stream[" + id + " " + state + "]";
  }
}
