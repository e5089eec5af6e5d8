package dev.proxima.internal.http2;

/**
 * How many flow-controlled bytes the peer may still send us on one stream or on the connection,
 * and when to tell it that it may send more (RFC 9113 §5.2, §6.9).
 *
 * <p>Three counters explain everything, and they always add up to the target window:
 *
 * <pre>
 *   window (peer may still send) + buffered (received, not yet consumed)
 *       + unannounced (consumed, not yet returned by WINDOW_UPDATE) == targetWindow
 * </pre>
 *
 * Received bytes move from {@code window} to {@code buffered} ({@link #onReceive}); the application
 * taking them moves them to {@code unannounced} ({@link #onConsumed}); a WINDOW_UPDATE moves them
 * back to {@code window}. Returning bytes one DATA frame at a time would cost a WINDOW_UPDATE per
 * frame, so they are batched and announced once {@code unannounced} reaches half the target (§5.2.2
 * leaves the timing to the receiver). The peer cannot stall on that: once it has used half the
 * window and the application has consumed it, the threshold is met.
 *
 * <p>Bytes are released when <em>consumed</em>, not when received, so a slow reader pushes back
 * on the peer instead of buffering without bound (that is the point of §5.2).
 *
 * <p>Growing the target (a larger configured window, or {@link BdpEstimator} tuning) adds the
 * difference to {@code unannounced} and announces it at the next opportunity without waiting for
 * the threshold. Shrinking it subtracts the difference from {@code unannounced}, possibly below
 * zero: future consumed bytes then repay it and are not returned, so the window closes gradually
 * and the peer never sees a window taken back (which HTTP/2 cannot express for the connection).
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class ReceiveWindow {
  private long window;
  private long buffered;
  /** May be negative after the target shrank: a debt future consumption repays. */
  private long unannounced;
  private int targetWindow;
  /** The target grew: announce at the next chance instead of waiting for the threshold. */
  private boolean urgent;

  /**
   * @param initialWindow the window we advertised: 65,535 for the connection (§6.9.2), our
   *     SETTINGS_INITIAL_WINDOW_SIZE for a stream. It is also the first target.
   */
  ReceiveWindow(int initialWindow) {
    if (initialWindow < 0) {
      throw new IllegalArgumentException("initial window must be >= 0, got " + initialWindow);
    }
    this.window = initialWindow;
    this.targetWindow = initialWindow;
  }

  /**
   * Bytes the peer may still send before it must wait for a WINDOW_UPDATE; negative after our
   * SETTINGS_INITIAL_WINDOW_SIZE decreased (§6.9.2).
   */
  int window() {
    // Between -(2^31-1) (a maximal SETTINGS decrease) and 2^31-1 (§6.9.1): fits an int.
    return (int) window;
  }

  /** The window we aim to give the peer once everything consumed has been announced. */
  int targetWindow() {
    return targetWindow;
  }

  /**
   * The peer sent a flow-controlled frame (DATA) of {@code flowControlledBytes}: its whole payload,
   * padding and Pad Length included (§6.1, §6.9.1). Padding is never handed to the application, so
   * the caller consumes it at once with {@link #onConsumed}.
   *
   * @param streamId the stream this window belongs to, 0 for the connection window: selects a
   *     stream or a connection error (§6.9.1)
   * @throws Http2Exception FLOW_CONTROL_ERROR if the frame is larger than the window (§6.9.1)
   */
  void onReceive(int streamId, int flowControlledBytes) throws Http2Exception {
    if (flowControlledBytes < 0) {
      throw new IllegalArgumentException("negative byte count: " + flowControlledBytes);
    }
    if (flowControlledBytes > window) {
      String message = flowControlledBytes + " flow-controlled bytes received with a window of "
          + window + " (RFC 9113 §6.9.1)";
      throw streamId == 0
          ? Http2Exception.connectionError(ErrorCode.FLOW_CONTROL_ERROR, message)
          : Http2Exception.streamError(streamId, ErrorCode.FLOW_CONTROL_ERROR, message);
    }
    window -= flowControlledBytes;
    buffered += flowControlledBytes;
  }

  /**
   * The application took {@code bytes} received bytes (or they were discarded: padding, a reset
   * stream's leftovers returned to the connection window).
   *
   * @return the Window Size Increment to send in a WINDOW_UPDATE now, or 0 to send none yet
   * @throws IllegalStateException if more bytes are consumed than were received
   */
  int onConsumed(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative byte count: " + bytes);
    }
    if (bytes > buffered) {
      throw new IllegalStateException(
          "consumed " + bytes + " bytes but only " + buffered + " were received and not consumed");
    }
    buffered -= bytes;
    unannounced += bytes;
    // Half the target: few enough updates to be cheap, early enough that the peer keeps sending.
    // Math.max(1, ...) so a tiny target still announces as soon as anything was consumed.
    if (urgent || unannounced >= Math.max(1, targetWindow / 2)) {
      return announce();
    }
    return 0;
  }

  /**
   * Changes the window we aim for (§6.9: the receiver decides how much to allow).
   *
   * <p>Growing returns nothing directly: the extra is announced by the next {@link #onConsumed} or
   * by {@link #takePendingIncrement}, whichever comes first. The connection window cannot be grown
   * any other way (SETTINGS does not apply to it, §6.9.2), so this is also how a connection gets a
   * window above 65,535. Shrinking only withholds future updates; the peer's current window stays.
   */
  void setTargetWindow(int newSize) {
    if (newSize < 0) {
      throw new IllegalArgumentException("target window must be >= 0, got " + newSize);
    }
    long delta = (long) newSize - targetWindow;
    unannounced += delta;
    targetWindow = newSize;
    if (delta > 0) {
      urgent = true;
    }
  }

  /**
   * Our own SETTINGS_INITIAL_WINDOW_SIZE changed by {@code delta} and the peer acknowledged it:
   * the peer has applied the delta to this stream's window itself (§6.9.2), so window and target
   * move together and nothing is announced. (Using {@link #setTargetWindow} instead would send the
   * growth a second time in a WINDOW_UPDATE.) A decrease can make the window negative: the peer may
   * then send nothing on this stream until consumed bytes are announced again. Apply it on the
   * SETTINGS ACK, when every DATA sent under the old setting has arrived (§6.9.3). Never for the
   * connection window, which SETTINGS does not change.
   *
   * @throws IllegalArgumentException if the target would leave 0..2^31-1
   */
  void applyInitialWindowDelta(long delta) {
    long target = targetWindow + delta;
    if (target < 0 || target > SendWindow.MAX_WINDOW) {
      throw new IllegalArgumentException("initial window delta " + delta + " takes target "
          + targetWindow + " outside 0..2^31-1 (RFC 9113 §6.9.2)");
    }
    targetWindow = (int) target;
    window += delta;
  }

  /**
   * The increment to announce now because the target grew (plus any consumed bytes not yet
   * announced, which ride along in the same WINDOW_UPDATE), or 0 if no growth is pending. Lets
   * the connection announce a larger window without waiting for the application to consume.
   */
  int takePendingIncrement() {
    return urgent ? announce() : 0;
  }

  private int announce() {
    urgent = false;
    if (unannounced <= 0) {
      // A shrink after the growth cancelled it, or still repaying a shrink.
      return 0;
    }
    // window + buffered + unannounced == targetWindow <= 2^31-1, so the increment fits an int and
    // the peer's window stays legal (§6.9.1).
    int increment = (int) unannounced;
    window += unannounced;
    unannounced = 0;
    return increment;
  }

  @Override
  public String toString() {
    return "ReceiveWindow[window=" + window + ", buffered=" + buffered + ", unannounced="
        + unannounced + ", target=" + targetWindow + "]";
  }
}
