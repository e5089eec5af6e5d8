package dev.proxima.internal.http2;

import dev.proxima.internal.io.OutboundBuffer;

/**
 * Receive-window auto-tuning for one connection ({@link Http2Config#windowAutoTuning()}): sends
 * the bandwidth-delay probe PINGs its {@link BdpEstimator} asks for, and opens the connection's
 * and the streams' receive windows to each new estimate with WINDOW_UPDATE (RFC 9113 §6.9): the
 * open streams' at once, a later stream's when it opens ({@link #growNewStreamWindow}).
 *
 * <p>The connection makes it at the first DATA frame when tuning is on: an idle connection holds
 * none, and until then every stream keeps the configured initial window.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class WindowTuner {
  /** The PING payload of bandwidth-delay probes ("BDP-PING"); user pings count up from 1. */
  static final long BDP_PING = 0x4244502d50494e47L;

  private final BdpEstimator bdp;
  private final FrameWriter writer;
  private final OutboundBuffer out;
  private final ReceiveWindow connectionWindow;
  private final StreamRegistry streams;
  /** Our receive window for streams opened from now on; grows with BDP estimates. */
  private int streamWindowTarget;

  WindowTuner(Http2Config config, FrameWriter writer, OutboundBuffer out,
      ReceiveWindow connectionWindow, StreamRegistry streams) {
    this.bdp = new BdpEstimator(config.initialStreamWindow(), config.maxAutoTunedWindow());
    this.writer = writer;
    this.out = out;
    this.connectionWindow = connectionWindow;
    this.streams = streams;
    this.streamWindowTarget = config.initialStreamWindow();
  }

  /** Counts a DATA frame's flow-controlled bytes; sends a probe PING when a measurement starts. */
  void onDataReceived(int flowControlledLength) {
    if (bdp.onDataReceived(flowControlledLength, System.nanoTime())) {
      bdp.onPingSent(System.nanoTime());
      writer.ping(out, false, BDP_PING);
    }
  }

  /** The probe's ACK came: a new estimate may open the windows further. */
  void onPingAck() {
    int target = bdp.onPingAck(System.nanoTime());
    if (target > 0) {
      growWindows(target);
    }
  }

  /** Opens {@code s}'s receive window to the current estimate, if that is larger. */
  void growNewStreamWindow(Http2Stream s) {
    if (streamWindowTarget > s.receiveWindow.targetWindow() && s.state().canReceive()) {
      s.receiveWindow.setTargetWindow(streamWindowTarget);
      int inc = s.receiveWindow.takePendingIncrement();
      if (inc > 0 && s.id() != 0) {
        writer.windowUpdate(out, s.id(), inc);
      }
    }
  }

  /** A new BDP estimate: open the connection's and every stream's receive window to it. */
  private void growWindows(int target) {
    if (target > connectionWindow.targetWindow()) {
      connectionWindow.setTargetWindow(target);
      int inc = connectionWindow.takePendingIncrement();
      if (inc > 0) {
        writer.windowUpdate(out, 0, inc);
      }
    }
    streamWindowTarget = Math.max(streamWindowTarget, target);
    for (Http2Stream s : streams.snapshot()) {
      growNewStreamWindow(s);
    }
  }
}
