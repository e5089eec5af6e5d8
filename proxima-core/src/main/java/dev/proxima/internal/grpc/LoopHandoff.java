package dev.proxima.internal.grpc;

import dev.proxima.internal.io.EventLoop;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How a gRPC stream, used from any thread, hands its work to the connection's event loop: in order,
 * with no hop when already on the loop, and with the readiness a producer sees counting the message
 * bytes still on their way to the loop.
 *
 * <p>Thread-safe.
 */
final class LoopHandoff {
  /** What a message write learns once it runs on the loop. */
  @FunctionalInterface
  interface Write {
    /**
     * @param mayGoOn true when this write took the bytes in flight back under the threshold: a
     *     producer told "not ready" only because of them hears of no HTTP/2 event, so the stream
     *     must tell it itself
     */
    void run(boolean mayGoOn);
  }

  private final EventLoop loop;
  private final int readyThreshold;
  private final AtomicInteger queuedTasks = new AtomicInteger();
  private final AtomicLong bytesInFlight = new AtomicLong();
  private volatile boolean streamReady;

  LoopHandoff(EventLoop loop, int readyThreshold, boolean initiallyReady) {
    this.loop = loop;
    this.readyThreshold = readyThreshold;
    this.streamReady = initiallyReady;
  }

  /**
   * Runs {@code task} on the loop: at once when already there and nothing handed over earlier is
   * still waiting, else queued behind what was, keeping order.
   */
  void run(Runnable task) {
    if (loop.inEventLoop() && queuedTasks.get() == 0) {
      task.run();
      return;
    }
    queuedTasks.incrementAndGet();
    loop.execute(() -> {
      queuedTasks.decrementAndGet();
      task.run();
    });
  }

  /** Hands over a message of {@code size} bytes; counted against readiness until it reaches the loop. */
  void write(int size, Write task) {
    bytesInFlight.addAndGet(size);
    run(() -> {
      long left = bytesInFlight.addAndGet(-size);
      task.run(left < readyThreshold && left + size >= readyThreshold);
    });
  }

  /** Whether a producer may send more now. Any thread. */
  boolean isReady() {
    return streamReady && bytesInFlight.get() < readyThreshold;
  }

  /** What the HTTP/2 stream says of its own readiness. Loop thread. */
  void streamReady(boolean ready) {
    this.streamReady = ready;
  }

  boolean streamReady() {
    return streamReady;
  }
}
