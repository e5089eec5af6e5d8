package dev.proxima.internal.http2;

/**
 * Auto-tunes the receive window from the bandwidth-delay product (BDP) measured with PING round
 * trips, the way gRPC core and grpc-java do ("BDP ping").
 *
 * <p>Why: a receive window smaller than bandwidth × round-trip time caps throughput at
 * window / RTT, however fast the link. 64 KiB (the HTTP/2 default, RFC 9113 §6.9.2) over a 100 ms
 * path is 640 KiB/s. Guessing a big window wastes memory on slow links; measuring is better.
 *
 * <p>How: when DATA arrives and no measurement is running, the connection sends a PING (§6.7)
 * and counts the DATA bytes received until its ACK: that count is what the link delivered in one
 * round trip, a BDP sample. If the sample exceeds 2/3 of the current window the window was
 * probably the bottleneck, so the target becomes twice the sample (headroom for the next
 * doubling), capped at {@code maxWindow}. The target never shrinks.
 *
 * <p>A growth also needs the measured bandwidth (sample / RTT) to beat the best seen so far: a
 * bigger window also fills queues on the path, which lengthens the RTT and so the sample, without
 * any more bandwidth. Without this check the window would keep doubling on buffer bloat alone
 * (grpc-java's FlowControlPinger applies the same rule).
 *
 * <p>The connection ({@link WindowTuner}) applies a new target with {@link
 * ReceiveWindow#setTargetWindow} on the connection window and on every open stream's window, and
 * sends each the WINDOW_UPDATE that opens it; streams opened later start from the same target.
 * Once the target reaches the cap no more PINGs are asked for. Deterministic: the caller passes the time. Not
 * thread-safe: owned by the connection's event loop.
 */
final class BdpEstimator {
  /** The shortest wait between two measurements: keeps the PING rate far below flood limits. */
  static final long MIN_PING_INTERVAL_NANOS = 20_000_000L;
  /** The longest: a link whose window stopped growing is still re-measured about once a second. */
  static final long MAX_PING_INTERVAL_NANOS = 1_000_000_000L;

  private final int maxWindow;
  /** Wait before the next measurement; doubles while samples do not grow the window. */
  private long pingIntervalNanos = MIN_PING_INTERVAL_NANOS;
  private long lastMeasurementEndNanos = Long.MIN_VALUE;
  private int window;
  /** A PING was asked for by {@link #onDataReceived} and its ACK has not arrived yet. */
  private boolean measuring;
  private long pingSentNanos;
  private boolean pingSent;
  /** DATA bytes received since the measurement started. */
  private long sample;
  /** Best bandwidth seen, bytes per nanosecond. */
  private double bestBandwidth;

  /**
   * @param initialWindow the receive window in force now
   * @param maxWindow the largest target this may propose, e.g. 16 MiB
   */
  BdpEstimator(int initialWindow, int maxWindow) {
    checkWindows(initialWindow, maxWindow);
    this.window = initialWindow;
    this.maxWindow = maxWindow;
  }

  /** Throws what the constructor would for these windows, without making an estimator. */
  static void checkWindows(int initialWindow, int maxWindow) {
    if (initialWindow <= 0 || maxWindow < initialWindow) {
      throw new IllegalArgumentException(
          "need 0 < initialWindow <= maxWindow, got " + initialWindow + ", " + maxWindow);
    }
  }

  /**
   * DATA of {@code bytes} (flow-controlled length) arrived.
   *
   * @return true if a BDP PING should be sent now: no measurement is running and the window can
   *     still grow. The caller then sends the PING and calls {@link #onPingSent}.
   */
  boolean onDataReceived(int bytes, long nowNanos) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative byte count: " + bytes);
    }
    if (measuring) {
      sample += bytes;
      return false;
    }
    if (window >= maxWindow) {
      return false;
    }
    if (lastMeasurementEndNanos != Long.MIN_VALUE && nowNanos - lastMeasurementEndNanos < pingIntervalNanos) {
      return false; // a peer may count PINGs: one per round trip on a fast link would be thousands a second
    }
    // The frame that starts the measurement counts: it is part of what arrives within the RTT.
    measuring = true;
    pingSent = false;
    sample = bytes;
    return true;
  }

  /** The BDP PING asked for by {@link #onDataReceived} was written at {@code nowNanos}. */
  void onPingSent(long nowNanos) {
    if (!measuring) {
      throw new IllegalStateException("no BDP PING was asked for");
    }
    pingSent = true;
    pingSentNanos = nowNanos;
  }

  /**
   * The ACK of our BDP PING arrived (the caller matches the PING payload; ACKs of other PINGs are
   * not passed here). Ends the measurement.
   *
   * @return the new window target if it should grow, otherwise 0
   */
  int onPingAck(long nowNanos) {
    if (!measuring || !pingSent) {
      return 0; // An ACK we did not ask for: nothing was measured.
    }
    measuring = false;
    pingSent = false;
    lastMeasurementEndNanos = nowNanos;
    // Until a sample grows the window again, measure less and less often.
    pingIntervalNanos = Math.min(MAX_PING_INTERVAL_NANOS, pingIntervalNanos * 2);
    // Clamp to 1 ns so a coarse clock (or a test) with no elapsed time does not divide by zero.
    long rttNanos = Math.max(1, nowNanos - pingSentNanos);
    double bandwidth = (double) sample / rttNanos;
    // The link delivered over 2/3 of the window in one round trip: the window is likely the limit.
    boolean saturated = sample * 3 > (long) window * 2;
    if (!saturated || bandwidth <= bestBandwidth) {
      return 0;
    }
    bestBandwidth = bandwidth;
    long proposed = Math.min(sample * 2, maxWindow);
    if (proposed <= window) {
      return 0; // Never shrink.
    }
    window = (int) proposed;
    pingIntervalNanos = MIN_PING_INTERVAL_NANOS;
    return window;
  }

  /** The current window target. */
  int window() {
    return window;
  }
}
