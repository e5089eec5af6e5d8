package dev.proxima.internal.http2;

import dev.proxima.internal.hpack.HeaderField;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How the streams of one connection start and end (RFC 9113 §5.1), and when their listeners hear
 * of it.
 *
 * <p>A local (client) stream takes its id when its first header block goes out. While the peer's
 * SETTINGS_MAX_CONCURRENT_STREAMS leaves no slot it waits with its headers kept, and starts when a
 * local stream ends or the peer's SETTINGS make room (RFC 9113 §5.1.2); once a GOAWAY was sent or
 * received, or the ids ran out, it is refused instead. A peer stream starts when
 * {@link HeaderReceiver} admits the header block that opens it.
 *
 * <p>A stream ends when it is closed both ways, reset by either side, refused by the peer's GOAWAY
 * (RFC 9113 §6.8), or failed with its connection. Then, in this order: a reset stream gives the
 * bytes it held back to the connection's receive window (RFC 9113 §6.9); the registry forgets it;
 * a local stream's slot goes to the stream that has waited longest; a connection left without
 * streams tells its keeper, and closes if it was draining; last, the listener of a stream that was
 * reset or refused hears it ({@link Http2StreamListener#onReset}), with the books already straight.
 *
 * <p>The connection makes it when it first starts, resets or receives a stream; while there is
 * none, no stream is open or waiting. It writes through the connection, so it may be made before
 * the connection opens (a client stream reset before its headers were sent).
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class StreamLifecycle {
  /** Logs as the connection does: what it reports is the connection's. */
  private static final Logger log = Logger.getLogger(Http2Connection.class.getName());

  private final Http2Connection connection;
  private final StreamRegistry streams;

  StreamLifecycle(Http2Connection connection, StreamRegistry streams) {
    this.connection = connection;
    this.streams = streams;
  }

  // ---------------------------------------------------------------- start

  /**
   * Sends a header block on {@code s}. A stream without an id takes one first, or waits for a
   * slot, or is refused: the connection takes no new stream.
   */
  void writeHeaders(Http2Stream s, List<HeaderField> headers, boolean endStream) {
    if (s.id() == 0) {
      if (!connection.isAcceptingStreams() || !streams.hasLocalIds()) {
        s.state(StreamState.CLOSED);
        notifyReset(s, ErrorCode.REFUSED_STREAM, connection.isAcceptingStreams()
            ? "stream ids of this connection ran out at 2^31-1 (RFC 9113 §5.1.1); the stream was not started"
            : "the connection is closing (GOAWAY sent or received, or closed); the stream was not started");
        return;
      }
      if (!streams.hasLocalSlot()) {
        s.pendingHeaders = List.copyOf(headers);
        s.pendingHeadersEndStream = endStream;
        streams.waitForSlot(s);
        return;
      }
      streams.openLocal(s);
      connection.streamStarted(s);
      s.requestWasHead = isHead(headers);
    }
    s.state(s.state().onSendHeaders(endStream));
    connection.scheduler().encodeHeaders(s.id(), headers, endStream);
    closeIfDone(s);
    connection.flushLater();
  }

  /** Whether a request's :method, among its first (pseudo-header) fields, is HEAD. */
  private static boolean isHead(List<HeaderField> headers) {
    for (int i = 0; i < headers.size(); i++) { // indexed: no iterator on the hot path
      HeaderField f = headers.get(i);
      String name = f.name();
      if (name.isEmpty() || name.charAt(0) != ':') {
        return false;
      }
      if (name.equals(":method")) {
        return f.value().equals("HEAD");
      }
    }
    return false;
  }

  /** Starts the stream the peer opens with a header block on {@code streamId}. */
  Http2Stream startRemote(int streamId, boolean endStream) throws Http2Exception {
    Http2Stream s = connection.createStream(streamId);
    s.state(StreamState.IDLE.onReceiveHeaders(streamId, endStream));
    streams.openRemote(s);
    connection.streamStarted(s);
    return s;
  }

  /** Starts waiting streams, oldest first, while the peer's limit leaves a slot. */
  void startWaiting() {
    while (streams.hasWaiting() && streams.hasLocalSlot() && connection.isAcceptingStreams()) {
      Http2Stream s = streams.pollWaiting();
      List<HeaderField> headers = s.pendingHeaders;
      s.pendingHeaders = null;
      writeHeaders(s, headers, s.pendingHeadersEndStream);
      if (s.hasPendingWrites()) {
        connection.streamHasPendingWrites(s);
      }
      s.notifyReadyIfDrained(); // a producer told "not ready" while the stream waited may go on
    }
  }

  // ---------------------------------------------------------------- end

  /**
   * This side resets {@code s} with RST_STREAM {@code code}; one that never took an id leaves the
   * waiting queue instead. The listener is not told: the caller decides. A stream already closed
   * both ways (its listener failed on the frame that closed it) gets no RST_STREAM, for there is
   * nothing left to stop (RFC 9113 §5.1 "closed"), but ends all the same.
   *
   * @throws Http2Exception ENHANCE_YOUR_CALM when the peer reads nothing while resets pile up; the
   *     stream is then left to the connection error, which ends every stream
   */
  void reset(Http2Stream s, ErrorCode code) throws Http2Exception {
    if (s.id() == 0) {
      streams.removeWaiting(s);
      s.state(StreamState.CLOSED);
      s.dropPending();
      return;
    }
    if (!s.state().isClosed()) {
      connection.sendRstStream(s.id(), code);
      s.state(s.state().onSendReset());
      s.dropPending();
      connection.flushLater();
    }
    giveBackHeldBytes(s);
    closeIfDone(s);
  }

  /**
   * A stream error (RFC 9113 §5.4.2): the stream is reset with the error's code, ends, and its
   * listener is told; the other streams go on. The frame in error changed nothing, so an open
   * stream is still open here and gets RST_STREAM. A stream no longer open gets RST_STREAM all
   * the same, unless this side reset it lately: then the frame is one of those to ignore (RFC 9113
   * §5.1). On an idle stream (a WINDOW_UPDATE of 0 or a PRIORITY of the wrong length on a stream
   * no one opened) it becomes a connection error with the same code: RST_STREAM must not be sent
   * on an idle stream (RFC 9113 §6.4), and any stream error may end the connection (§5.4.1).
   *
   * @throws Http2Exception that connection error; or ENHANCE_YOUR_CALM when the peer reads
   *     nothing while resets pile up
   */
  void streamError(Http2Exception e) throws Http2Exception {
    Http2Stream s = streams.get(e.streamId());
    if (s == null && streams.isIdle(e.streamId())) {
      throw Http2Exception.connectionError(e.code(), e.rule() + ", on idle stream " + e.streamId()
          + ", which RST_STREAM must not name (RFC 9113 §6.4)");
    }
    log.fine(e::getMessage);
    if (s != null) {
      reset(s, e.code());
      notifyReset(s, e.code(), e.getMessage());
    } else if (!streams.wasResetLately(e.streamId())) {
      connection.sendRstStream(e.streamId(), e.code());
    }
  }

  /**
   * The peer reset {@code s} with RST_STREAM {@code code}, the wire value (RFC 9113 §6.4): the
   * listener gets what it means, and a reason that shows the value of a code this side does not
   * know (RFC 9113 §7 makes it INTERNAL_ERROR).
   */
  void resetByPeer(Http2Stream s, int code) throws Http2Exception {
    s.state(s.state().onReceiveReset());
    s.dropPending();
    giveBackHeldBytes(s);
    closeIfDone(s);
    notifyReset(s, ErrorCode.of(code),
        "the peer reset stream " + s.id() + " with RST_STREAM " + ErrorCode.describe(code) + " (RFC 9113 §6.4)");
  }

  /**
   * The peer's GOAWAY names {@code lastStreamId}: our streams above it were never processed and are
   * refused, safe to retry (RFC 9113 §6.8); so are the streams still waiting for a slot.
   * {@code goAway} describes the GOAWAY, for the listeners.
   */
  void refuseUnprocessed(int lastStreamId, String goAway) {
    for (Http2Stream s : streams.snapshot()) {
      if (streams.isLocal(s.id()) && s.id() > lastStreamId) {
        s.state(StreamState.CLOSED);
        s.dropPending();
        closeIfDone(s);
        notifyReset(s, ErrorCode.REFUSED_STREAM, goAway + " left stream " + s.id()
            + " unprocessed (RFC 9113 §6.8): safe to retry");
      }
    }
    failWaiting(goAway + " came before the stream was started: safe to retry");
  }

  /** Forgets {@code s} if it is closed now; see the class comment for what follows. */
  void closeIfDone(Http2Stream s) {
    if (!s.state().isClosed() || !streams.remove(s)) {
      return;
    }
    if (streams.isLocal(s.id())) {
      startWaiting();
    }
    if (streams.isEmpty()) {
      connection.streamsIdle();
    }
    connection.closeIfIdle();
  }

  /**
   * The connection is ending, for {@code reason}: every stream, open or waiting, is closed and its
   * listener told.
   */
  void failAll(ErrorCode code, String reason) {
    for (Http2Stream s : streams.removeAll()) {
      s.state(StreamState.CLOSED);
      s.dropPending();
      notifyReset(s, code, reason);
    }
    failWaiting(reason);
  }

  /** Refuses every stream still waiting for a slot, for {@code reason}: none will come. */
  void failWaiting(String reason) {
    while (streams.hasWaiting()) {
      Http2Stream s = streams.pollWaiting();
      s.state(StreamState.CLOSED);
      notifyReset(s, ErrorCode.REFUSED_STREAM, reason);
    }
  }

  /**
   * The listener of {@code s} threw: the stream is reset with INTERNAL_ERROR, the others go on,
   * and the listener hears of the reset all the same: whatever waits on the stream (a call
   * without a deadline) would otherwise wait for an end that never comes.
   *
   * @throws Http2Exception ENHANCE_YOUR_CALM when the peer reads nothing while resets pile up
   */
  void listenerFailed(Http2Stream s, RuntimeException e) throws Http2Exception {
    log.log(Level.WARNING, "stream listener threw; resetting " + s, e);
    reset(s, ErrorCode.INTERNAL_ERROR);
    notifyReset(s, ErrorCode.INTERNAL_ERROR, "this side reset stream " + s.id()
        + " with INTERNAL_ERROR because its listener threw " + e);
  }

  /**
   * A reset stream will consume nothing more, so the bytes it holds go back to the connection's
   * window now: they count against it until given back (RFC 9113 §6.9).
   */
  private void giveBackHeldBytes(Http2Stream s) {
    int held = s.heldBytes();
    if (held > 0) {
      connection.returnBytes(s, held);
    }
  }

  /** Tells the listener of {@code s}, if any, that the stream was reset with {@code code}, and why. */
  private void notifyReset(Http2Stream s, ErrorCode code, String reason) {
    Http2StreamListener listener = s.listener();
    if (listener != null) {
      try {
        listener.onReset(s, code, reason);
      } catch (RuntimeException e) {
        log.log(Level.WARNING, "stream listener threw in onReset", e);
      }
    }
  }
}
