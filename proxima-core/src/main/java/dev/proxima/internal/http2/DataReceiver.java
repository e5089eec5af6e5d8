package dev.proxima.internal.http2;

import java.nio.ByteBuffer;

/**
 * The DATA the peer sends (RFC 9113 §6.1) and the receive windows it fills (RFC 9113 §6.9). A
 * frame counts in full, padding included, against the connection's window and then its stream's.
 * The padding is given back at once, the data once consumed: at once for a stream that consumes
 * automatically, else when {@link Http2Stream#consumed} says so. What is given back reopens the
 * windows with WINDOW_UPDATE when {@link ReceiveWindow} says it is time. DATA on a stream already
 * closed still counts for the connection. On a stream this side reset lately it is otherwise
 * ignored, for the peer may have sent it before our RST_STREAM arrived (RFC 9113 §5.1); on any
 * other it is answered with RST_STREAM STREAM_CLOSED. A stream that ends abnormally (reset by
 * either side, its listener failed) will consume nothing more: what it held goes back to the
 * connection's window then ({@link StreamLifecycle}), or the connection would stall once enough
 * had piled up (RFC 9113 §6.9).
 *
 * <p>With {@link Http2Config#windowAutoTuning()} the windows also grow to the bandwidth-delay
 * product; the {@link WindowTuner} is made at the first DATA frame.
 *
 * <p>The connection makes it at the first DATA frame or bytes given back: an idle connection holds
 * none. It writes to the connection's outbound buffer as it is when it writes.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class DataReceiver {
  private final Http2Connection connection;
  private final Http2Config config;
  private final FrameWriter writer;
  private final ReceiveWindow connectionWindow;
  private final StreamRegistry streams;
  private final StreamLifecycle lifecycle;
  /** Made at the first DATA frame when {@link Http2Config#windowAutoTuning()} is on. */
  private WindowTuner tuner;

  DataReceiver(Http2Connection connection, FrameWriter writer, ReceiveWindow connectionWindow,
      StreamRegistry streams, StreamLifecycle lifecycle) {
    this.connection = connection;
    this.config = connection.config();
    this.writer = writer;
    this.connectionWindow = connectionWindow;
    this.streams = streams;
    this.lifecycle = lifecycle;
  }

  /** A DATA frame, as {@link FrameHandler#data} reports it. */
  void data(int streamId, boolean endStream, ByteBuffer payload, int flowControlledLength)
      throws Http2Exception {
    connectionWindow.onReceive(0, flowControlledLength);
    if (flowControlledLength == 0 && !endStream) {
      connection.emptyFrameReceived("empty DATA frames");
    }
    Http2Stream s = streams.get(streamId);
    if (s == null) {
      if (streams.isIdle(streamId)) {
        throw Http2Exception.connectionError(ErrorCode.PROTOCOL_ERROR,
            "DATA frame on idle stream " + streamId + " (RFC 9113 §5.1)");
      }
      // A stream no longer open: the bytes still count for the connection window (RFC 9113 §6.9).
      returnBytes(null, flowControlledLength);
      if (!streams.wasResetLately(streamId)) {
        connection.sendRstStream(streamId, ErrorCode.STREAM_CLOSED);
      }
      return;
    }
    // The state moves only once the frame fits the stream's window: a frame in error leaves an
    // open stream open, so that its stream error resets it (RFC 9113 §5.4.2).
    StreamState next;
    try {
      next = s.state().onReceiveData(streamId, endStream);
      s.receiveWindow.onReceive(streamId, flowControlledLength);
      ContentLength announced = s.contentLength;
      if (announced != null) {
        announced.onData(streamId, payload.remaining(), endStream);
      }
    } catch (Http2Exception e) {
      returnBytes(null, flowControlledLength);
      throw e;
    }
    s.state(next);
    s.bytesReceived(flowControlledLength);
    int length = payload.remaining();
    int padding = flowControlledLength - length;
    if (padding > 0) {
      returnBytes(s, padding);
    }
    if (config.windowAutoTuning()) {
      if (tuner == null) {
        tuner = new WindowTuner(config, writer, connection.out(), connectionWindow, streams);
      }
      tuner.onDataReceived(flowControlledLength);
    }
    Http2StreamListener listener = s.listener();
    if (listener != null) {
      try {
        listener.onData(s, payload, endStream);
      } catch (RuntimeException e) {
        lifecycle.listenerFailed(s, e);
        return;
      }
    }
    if (s.autoConsume()) {
      returnBytes(s, length);
    }
    lifecycle.closeIfDone(s);
  }

  /**
   * Gives {@code bytes} received back to the connection's window and, while it may still receive,
   * to the window of {@code s} (null: the connection's alone). The connection gets back only what
   * {@code s} still holds: bytes an abnormal end gave back already do not count twice.
   */
  void returnBytes(Http2Stream s, int bytes) {
    if (bytes <= 0 || connection.isClosed()) {
      return;
    }
    int released = s == null ? bytes : s.release(bytes);
    if (released > 0) {
      int connectionIncrement = connectionWindow.onConsumed(released);
      if (connectionIncrement > 0) {
        writer.windowUpdate(connection.out(), 0, connectionIncrement);
      }
    }
    if (s != null && s.state().canReceive()) {
      int streamIncrement = s.receiveWindow.onConsumed(bytes);
      if (streamIncrement > 0) {
        writer.windowUpdate(connection.out(), s.id(), streamIncrement);
      }
    }
    connection.flushLater();
  }

  /** The ACK of a bandwidth-delay probe came: a new estimate may open the windows further. */
  void probeAcked() {
    if (tuner != null) {
      tuner.onPingAck();
    }
  }

  /** A stream started: with auto-tuning, its receive window starts at the current estimate. */
  void streamStarted(Http2Stream s) {
    if (tuner != null) {
      tuner.growNewStreamWindow(s);
    }
  }
}
