package dev.proxima.internal.http2;

/**
 * How many flow-controlled bytes we may still send: the peer's flow-control window for one stream
 * or for the whole connection (RFC 9113 §5.2, §6.9). A DATA frame needs room in both its stream's
 * window and the connection's; the caller consumes from both.
 *
 * <p>The window is a {@code long} because it can legitimately go negative: when the peer lowers
 * SETTINGS_INITIAL_WINDOW_SIZE, the difference is subtracted from every stream window at once,
 * including bytes already sent (§6.9.2). Nothing may be sent until WINDOW_UPDATEs lift it above
 * zero again. It can never exceed 2^31-1 (§6.9.1); an update that would is the peer's error.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class SendWindow {
  /** Largest legal flow-control window, 2^31-1 (RFC 9113 §6.9.1). */
  static final long MAX_WINDOW = Integer.MAX_VALUE;

  private long window;

  /**
   * @param initialWindow 65,535 for the connection (§6.9.2) or the peer's
   *     SETTINGS_INITIAL_WINDOW_SIZE for a stream
   */
  SendWindow(int initialWindow) {
    if (initialWindow < 0) {
      throw new IllegalArgumentException("initial window must be >= 0, got " + initialWindow);
    }
    this.window = initialWindow;
  }

  /** Bytes we may send now: the window, or 0 while it is negative. */
  int available() {
    // window <= 2^31-1 always holds, so the cast cannot truncate.
    return (int) Math.max(0, window);
  }

  /** The raw window, negative after a SETTINGS_INITIAL_WINDOW_SIZE decrease (§6.9.2). */
  long window() {
    return window;
  }

  /**
   * Takes {@code n} bytes of the window for a DATA frame being written (its whole payload,
   * padding included: §6.9.1).
   *
   * @throws IllegalStateException if {@code n > available()}: the writer must check first, sending
   *     beyond the window breaks §6.9.1
   */
  void consume(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("cannot consume a negative byte count: " + n);
    }
    if (n > available()) {
      throw new IllegalStateException(
          "cannot send " + n + " bytes with a flow-control window of " + window
              + " (RFC 9113 §6.9.1)");
    }
    window -= n;
  }

  /**
   * Applies a received WINDOW_UPDATE (§6.9).
   *
   * @param streamIdForErrors the frame's stream id: 0 for the connection window, which makes errors
   *     connection errors; a stream's id makes them stream errors (§6.9, §6.9.1)
   * @param delta the Window Size Increment, 0..2^31-1 (the frame reader has dropped the reserved
   *     bit)
   * @throws Http2Exception FLOW_CONTROL_ERROR if the window would exceed 2^31-1 (§6.9.1);
   *     PROTOCOL_ERROR for an increment of 0 (§6.9)
   */
  void increment(int streamIdForErrors, int delta) throws Http2Exception {
    if (delta < 0) {
      throw new IllegalArgumentException("a WINDOW_UPDATE increment is 31 bits, got " + delta);
    }
    if (delta == 0) {
      throw error(streamIdForErrors, ErrorCode.PROTOCOL_ERROR,
          "WINDOW_UPDATE with an increment of 0 (RFC 9113 §6.9)");
    }
    long next = window + delta;
    if (next > MAX_WINDOW) {
      // Leave the window unchanged: the stream is reset or the connection closed anyway.
      throw error(streamIdForErrors, ErrorCode.FLOW_CONTROL_ERROR,
          "WINDOW_UPDATE of " + delta + " takes the window from " + window
              + " beyond 2^31-1 (RFC 9113 §6.9.1)");
    }
    window = next;
  }

  /**
   * Applies a change of the peer's SETTINGS_INITIAL_WINDOW_SIZE to this stream window (§6.9.2):
   * {@code delta = newInitial - oldInitial}, which may be negative and may make the window
   * negative. Never call it for the connection window, which SETTINGS does not change.
   *
   * @param streamId the stream this window belongs to (> 0), for the message
   * @throws Http2Exception connection FLOW_CONTROL_ERROR if the window would exceed 2^31-1 (§6.9.2:
   *     "MUST treat ... as a connection error")
   */
  void applyInitialWindowDelta(int streamId, long delta) throws Http2Exception {
    if (streamId <= 0) {
      throw new IllegalArgumentException(
          "SETTINGS_INITIAL_WINDOW_SIZE does not apply to the connection window (RFC 9113 §6.9.2)");
    }
    long next = window + delta;
    if (next > MAX_WINDOW) {
      throw Http2Exception.connectionError(ErrorCode.FLOW_CONTROL_ERROR,
          "SETTINGS_INITIAL_WINDOW_SIZE change of " + delta + " takes stream " + streamId
              + "'s window from " + window + " beyond 2^31-1 (RFC 9113 §6.9.2)");
    }
    window = next;
  }

  private static Http2Exception error(int streamId, ErrorCode code, String message) {
    return streamId == 0
        ? Http2Exception.connectionError(code, message)
        : Http2Exception.streamError(streamId, code, message);
  }

  @Override
  public String toString() {
    return "SendWindow[" + window + "]";
  }
}
