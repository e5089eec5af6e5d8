package dev.proxima.internal.grpc;

import dev.proxima.internal.io.EventLoop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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

  private static final VarHandle QUEUED_TASKS;
  private static final VarHandle BYTES_IN_FLIGHT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      QUEUED_TASKS = lookup.findVarHandle(LoopHandoff.class, "queuedTasks", int.class);
      BYTES_IN_FLIGHT = lookup.findVarHandle(LoopHandoff.class, "bytesInFlight", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final EventLoop loop;
  private final int readyThreshold;
  /** Tasks handed to the loop and not run yet (fields, not atomics: one object less per stream). */
  private volatile int queuedTasks;
  private volatile long bytesInFlight;
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
    if (runsInline()) {
      task.run();
      return;
    }
    QUEUED_TASKS.getAndAdd(this, 1);
    loop.execute(() -> {
      QUEUED_TASKS.getAndAdd(this, -1);
      task.run();
    });
  }

  /** On the loop with nothing handed over still waiting: a task may run at once, in order. */
  private boolean runsInline() {
    return loop.inEventLoop() && queuedTasks == 0;
  }

  /** Hands over a message of {@code size} bytes; counted against readiness until it reaches the loop. */
  void write(int size, Write task) {
    if (runsInline()) {
      // No bytes go in flight, so none come back: the same answer without touching the counter
      // (and without a task object per message).
      long left = bytesInFlight;
      task.run(left < readyThreshold && left + size >= readyThreshold);
      return;
    }
    BYTES_IN_FLIGHT.getAndAdd(this, (long) size);
    run(() -> {
      long left = (long) BYTES_IN_FLIGHT.getAndAdd(this, (long) -size) - size;
      task.run(left < readyThreshold && left + size >= readyThreshold);
    });
  }

  /** Whether a producer may send more now. Any thread. */
  boolean isReady() {
    return streamReady && bytesInFlight < readyThreshold;
  }

  /** What the HTTP/2 stream says of its own readiness. Loop thread. */
  void streamReady(boolean ready) {
    this.streamReady = ready;
  }

  boolean streamReady() {
    return streamReady;
  }
}
