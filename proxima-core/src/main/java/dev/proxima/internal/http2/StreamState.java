package dev.proxima.internal.http2;

/**
 * The life of one HTTP/2 stream, RFC 9113 §5.1. The enum is immutable: every event method returns
 * the next state and the caller stores it.
 *
 * <pre>
 *                              +--------+
 *                      send PP |        | recv PP
 *                     ,--------+  idle  +--------.
 *                    /         |        |         \
 *                   v          +--------+          v
 *            +----------+          |           +----------+
 *            |          |          | send H /  |          |
 *     ,------+ reserved |          | recv H    | reserved +------.
 *     |      | (local)  |          |           | (remote) |      |
 *     |      +---+------+          v           +------+---+      |
 *     |          |             +--------+             |          |
 *     |          |     recv ES |        | send ES     |          |
 *     |   send H |     ,-------+  open  +-------.     | recv H   |
 *     |          |    /        |        |        \    |          |
 *     |          v   v         +---+----+         v   v          |
 *     |      +----------+          |           +----------+      |
 *     |      |   half-  |          |           |   half-  |      |
 *     |      |  closed  |          | send R /  |  closed  |      |
 *     |      | (remote) |          | recv R    | (local)  |      |
 *     |      +----+-----+          |           +-----+----+      |
 *     |           |                |                 |           |
 *     |           | send ES /      |       recv ES / |           |
 *     |           | send R /       v        send R / |           |
 *     |           | recv R     +--------+   recv R   |           |
 *     | send R /  `-----------&gt;|        |&lt;-----------'  send R / |
 *     | recv R                 | closed |               recv R   |
 *     `-----------------------&gt;|        |&lt;-----------------------'
 *                              +--------+
 *   H = HEADERS (with its CONTINUATIONs), PP = PUSH_PROMISE (moves the <em>promised</em> stream),
 *   ES = END_STREAM flag, R = RST_STREAM
 * </pre>
 *
 * <p>The same transitions as a table. "send"/"recv" is from this endpoint's point of view; "ISE"
 * means {@link IllegalStateException} (we would break the protocol ourselves: a bug), "conn
 * PROTOCOL_ERROR" and "stream STREAM_CLOSED" are the {@link Http2Exception}s thrown for a peer
 * that breaks it.
 *
 * <pre>
 * state              | send H        | recv H              | send DATA     | recv DATA
 * -------------------+---------------+---------------------+---------------+---------------------
 * IDLE               | OPEN (*1)     | OPEN (*2)           | ISE           | conn PROTOCOL_ERROR
 * RESERVED_LOCAL     | HC_REMOTE (*1)| conn PROTOCOL_ERROR | ISE           | conn PROTOCOL_ERROR
 * RESERVED_REMOTE    | ISE           | HC_LOCAL (*2)       | ISE           | conn PROTOCOL_ERROR
 * OPEN               | OPEN (*1)     | OPEN (*2)           | OPEN (*1)     | OPEN (*2)
 * HALF_CLOSED_LOCAL  | ISE           | HC_LOCAL (*3)       | ISE           | HC_LOCAL (*3)
 * HALF_CLOSED_REMOTE | HC_REMOTE (*3)| stream STREAM_CLOSED| HC_REMOTE (*3)| stream STREAM_CLOSED
 * CLOSED             | ISE           | stream STREAM_CLOSED| ISE           | stream STREAM_CLOSED
 *
 * state              | send RST | recv RST            | send PP (promised) | recv PP (promised)
 * -------------------+----------+---------------------+--------------------+--------------------
 * IDLE               | ISE      | conn PROTOCOL_ERROR | RESERVED_LOCAL     | RESERVED_REMOTE
 * RESERVED_*, OPEN,  | CLOSED   | CLOSED              | ISE                | conn PROTOCOL_ERROR
 *   HALF_CLOSED_*    |          |                     |                    |
 * CLOSED             | CLOSED   | CLOSED (*4)         | ISE                | conn PROTOCOL_ERROR
 *
 * (*1) with END_STREAM the local half closes too: OPEN -&gt; HALF_CLOSED_LOCAL, IDLE -&gt;
 *      HALF_CLOSED_LOCAL, RESERVED_LOCAL -&gt; CLOSED.
 * (*2) with END_STREAM the remote half closes too: OPEN -&gt; HALF_CLOSED_REMOTE, IDLE -&gt;
 *      HALF_CLOSED_REMOTE, RESERVED_REMOTE -&gt; CLOSED.
 * (*3) with END_STREAM the stream closes.
 * (*4) no error here; whether the stream was recently closed or unknown is the connection's call.
 * </pre>
 *
 * <p>What this enum leaves to its callers:
 *
 * <ul>
 *   <li><b>Which HEADERS are legal</b> (RFC 9113 §8.1): a stream carries one header section, then
 *       DATA, then optionally one trailer section that must carry END_STREAM. A second HEADERS
 *       without END_STREAM is a stream PROTOCOL_ERROR, and so is DATA before the first HEADERS.
 *       §5.1 alone cannot tell those apart (OPEN accepts any number of HEADERS), so the stream
 *       object tracks whether headers were already received and enforces §8.1 itself.
 *   <li><b>Recently closed streams</b> (§5.1 "closed", §6.4): a peer may legitimately send DATA,
 *       WINDOW_UPDATE or RST_STREAM for a short while after we closed a stream, and frames on a
 *       stream we never knew about (id lower than the highest seen) are connection errors. Only the
 *       connection knows how the stream was closed and when, so it decides whether to call the
 *       receive methods of a CLOSED stream at all, or to ignore the frame.
 *   <li><b>Stream ids</b> (§5.1.1): parity, monotonic growth and implicit closure of lower idle
 *       streams are the connection's job.
 *   <li><b>PRIORITY and WINDOW_UPDATE</b>: they never change the state; PRIORITY is legal in every
 *       state and WINDOW_UPDATE checks belong to the flow-control classes ({@link SendWindow}).
 *   <li><b>The stream carrying a PUSH_PROMISE</b> (§6.6, §8.4): the promise is sent on an open or
 *       half-closed (remote) stream and received on an open or half-closed (local) one; the methods
 *       here move only the promised stream.
 * </ul>
 */
public enum StreamState {
  IDLE,
  RESERVED_LOCAL,
  RESERVED_REMOTE,
  OPEN,
  HALF_CLOSED_LOCAL,
  HALF_CLOSED_REMOTE,
  CLOSED;

  /**
   * We send HEADERS (a request, a response or trailers). §5.1: opens an idle stream, takes a
   * reserved (local) stream to half-closed (remote); END_STREAM closes our half.
   *
   * @throws IllegalStateException if our half is already closed or the stream is reserved by the
   *     peer: sending would break §5.1
   */
  public StreamState onSendHeaders(boolean endStream) {
    return switch (this) {
      case IDLE, OPEN -> endStream ? HALF_CLOSED_LOCAL : OPEN;
      case RESERVED_LOCAL -> endStream ? CLOSED : HALF_CLOSED_REMOTE;
      case HALF_CLOSED_REMOTE -> endStream ? CLOSED : HALF_CLOSED_REMOTE;
      case RESERVED_REMOTE, HALF_CLOSED_LOCAL, CLOSED -> throw illegalSend("HEADERS");
    };
  }

  /**
   * The peer sent HEADERS. §5.1: opens an idle stream, takes a reserved (remote) stream to
   * half-closed (local); END_STREAM closes the peer's half.
   *
   * @throws Http2Exception connection PROTOCOL_ERROR on a reserved (local) stream (§5.1: only
   *     RST_STREAM, PRIORITY and WINDOW_UPDATE may be received there); stream STREAM_CLOSED once
   *     the peer's half is closed (half-closed (remote) or closed)
   */
  public StreamState onReceiveHeaders(int streamId, boolean endStream) throws Http2Exception {
    return switch (this) {
      case IDLE, OPEN -> endStream ? HALF_CLOSED_REMOTE : OPEN;
      case RESERVED_REMOTE -> endStream ? CLOSED : HALF_CLOSED_LOCAL;
      case HALF_CLOSED_LOCAL -> endStream ? CLOSED : HALF_CLOSED_LOCAL;
      case RESERVED_LOCAL -> throw Http2Exception.connectionError(ErrorCode.PROTOCOL_ERROR,
          "HEADERS received on reserved (local) stream " + streamId + " (RFC 9113 §5.1)");
      case HALF_CLOSED_REMOTE, CLOSED -> throw receivedAfterPeerClosed(streamId, "HEADERS");
    };
  }

  /**
   * We send DATA. Only an open or half-closed (remote) stream carries our DATA (§5.1, §6.1);
   * END_STREAM closes our half.
   *
   * @throws IllegalStateException in any other state
   */
  public StreamState onSendData(boolean endStream) {
    return switch (this) {
      case OPEN -> endStream ? HALF_CLOSED_LOCAL : OPEN;
      case HALF_CLOSED_REMOTE -> endStream ? CLOSED : HALF_CLOSED_REMOTE;
      case IDLE, RESERVED_LOCAL, RESERVED_REMOTE, HALF_CLOSED_LOCAL, CLOSED ->
          throw illegalSend("DATA");
    };
  }

  /**
   * The peer sent DATA. Legal on an open or half-closed (local) stream; END_STREAM closes the
   * peer's half.
   *
   * @throws Http2Exception connection PROTOCOL_ERROR on an idle or reserved stream (§5.1: only
   *     HEADERS/PRIORITY, resp. RST_STREAM/PRIORITY/WINDOW_UPDATE, may arrive there; §6.1); stream
   *     STREAM_CLOSED once the peer's half is closed (§5.1, §6.1)
   */
  public StreamState onReceiveData(int streamId, boolean endStream) throws Http2Exception {
    return switch (this) {
      case OPEN -> endStream ? HALF_CLOSED_REMOTE : OPEN;
      case HALF_CLOSED_LOCAL -> endStream ? CLOSED : HALF_CLOSED_LOCAL;
      case IDLE, RESERVED_LOCAL, RESERVED_REMOTE -> throw Http2Exception.connectionError(
          ErrorCode.PROTOCOL_ERROR,
          "DATA received on " + describe() + " stream " + streamId + " (RFC 9113 §5.1)");
      case HALF_CLOSED_REMOTE, CLOSED -> throw receivedAfterPeerClosed(streamId, "DATA");
    };
  }

  /**
   * We send RST_STREAM: the stream closes (§5.1, §6.4). Resetting a CLOSED stream is allowed and
   * stays CLOSED: a stream error on a closed stream (e.g. DATA after our END_STREAM was answered
   * by STREAM_CLOSED) is reported with RST_STREAM (§5.4.2).
   *
   * @throws IllegalStateException on an idle stream: §6.4 forbids RST_STREAM for idle streams
   */
  public StreamState onSendReset() {
    if (this == IDLE) {
      throw illegalSend("RST_STREAM");
    }
    return CLOSED;
  }

  /**
   * The peer sent RST_STREAM: the stream closes (§5.1, §6.4). On a CLOSED stream it stays CLOSED
   * without error: §5.1 lets RST_STREAM arrive for a while after we closed, and §5.4.2 forbids
   * answering an RST_STREAM with one; the connection decides whether the stream is known at all.
   *
   * @throws Http2Exception connection PROTOCOL_ERROR on an idle stream (§6.4)
   */
  public StreamState onReceiveReset() throws Http2Exception {
    if (this == IDLE) {
      throw Http2Exception.connectionError(
          ErrorCode.PROTOCOL_ERROR, "RST_STREAM received for an idle stream (RFC 9113 §6.4)");
    }
    return CLOSED;
  }

  /**
   * We promise this (idle) stream in a PUSH_PROMISE sent on another stream: IDLE -> RESERVED_LOCAL
   * (§5.1, §8.4).
   *
   * @throws IllegalStateException if this stream is not idle: only an idle stream can be promised
   */
  public StreamState onSendPushPromise() {
    if (this != IDLE) {
      throw illegalSend("PUSH_PROMISE promising it");
    }
    return RESERVED_LOCAL;
  }

  /**
   * The peer promised this stream in a PUSH_PROMISE: IDLE -> RESERVED_REMOTE (§5.1). Whether push
   * is enabled at all (SETTINGS_ENABLE_PUSH, §8.4) is the connection's check.
   *
   * @throws Http2Exception connection PROTOCOL_ERROR if the promised stream is not idle (§6.6:
   *     "promised stream identifier ... MUST be a valid choice", §5.1.1)
   */
  public StreamState onReceivePushPromise() throws Http2Exception {
    if (this != IDLE) {
      throw Http2Exception.connectionError(ErrorCode.PROTOCOL_ERROR,
          "PUSH_PROMISE promised a " + describe() + " stream (RFC 9113 §6.6)");
    }
    return RESERVED_REMOTE;
  }

  /**
   * Whether we may send DATA: open or half-closed (remote). Only such streams need send-window
   * bookkeeping and a place in the write queue. (A reserved (local) stream may send HEADERS but
   * not yet DATA, so it is not included.)
   */
  public boolean canSend() {
    return this == OPEN || this == HALF_CLOSED_REMOTE;
  }

  /** Whether the peer may send us DATA: open or half-closed (local). */
  public boolean canReceive() {
    return this == OPEN || this == HALF_CLOSED_LOCAL;
  }

  public boolean isClosed() {
    return this == CLOSED;
  }

  /**
   * Whether the stream counts toward SETTINGS_MAX_CONCURRENT_STREAMS: open or either half-closed
   * state (§5.1.2). Reserved streams do not count.
   */
  public boolean isActive() {
    return this == OPEN || this == HALF_CLOSED_LOCAL || this == HALF_CLOSED_REMOTE;
  }

  private IllegalStateException illegalSend(String frame) {
    return new IllegalStateException(
        "cannot send " + frame + " on a " + describe() + " stream (RFC 9113 §5.1)");
  }

  private Http2Exception receivedAfterPeerClosed(int streamId, String frame) {
    // §5.1: half-closed (remote) and closed both answer with STREAM_CLOSED as a stream error.
    return Http2Exception.streamError(streamId, ErrorCode.STREAM_CLOSED,
        frame + " received on " + describe() + " stream " + streamId + " (RFC 9113 §5.1)");
  }

  /** The RFC's spelling, e.g. "half-closed (remote)", for messages. */
  private String describe() {
    return switch (this) {
      case IDLE -> "idle";
      case RESERVED_LOCAL -> "reserved (local)";
      case RESERVED_REMOTE -> "reserved (remote)";
      case OPEN -> "open";
      case HALF_CLOSED_LOCAL -> "half-closed (local)";
      case HALF_CLOSED_REMOTE -> "half-closed (remote)";
      case CLOSED -> "closed";
    };
  }
}
