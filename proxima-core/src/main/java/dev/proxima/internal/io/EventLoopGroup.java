package dev.proxima.internal.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of {@link EventLoop}s, each with its own thread, started by the constructor.
 *
 * <p>Threading: every method may be called from any thread. {@link #close()} called on one of the
 * group's own loop threads cannot wait for that thread to end; it waits for the others.
 */
public final class EventLoopGroup implements AutoCloseable {
  /** How long {@link #close()} waits, in total, for the threads to end. */
  static final long CLOSE_WAIT_MILLIS = 5_000;

  private final List<EventLoop> loops;
  private final AtomicInteger nextIndex = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Starts {@code threads} loops, with threads named {@code namePrefix + "-" + i} (e.g.
   * "proxima-loop-0"), daemon threads if {@code daemon}.
   *
   * @throws UncheckedIOException if a selector cannot be opened (the loops already started are
   *     closed)
   */
  public EventLoopGroup(int threads, String namePrefix, boolean daemon) {
    if (threads <= 0) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
    List<EventLoop> list = new ArrayList<>(threads);
    try {
      for (int i = 0; i < threads; i++) {
        list.add(new EventLoop(namePrefix + "-" + i, daemon));
      }
    } catch (IOException e) {
      for (EventLoop l : list) {
        l.shutdown();
        EventLoop.closeQuietly(l.selector());
      }
      throw new UncheckedIOException("cannot open selector", e);
    }
    this.loops = List.copyOf(list);
    for (EventLoop l : loops) {
      l.start();
    }
  }

  /** One loop per available processor. */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** The next loop, round robin. */
  public EventLoop next() {
    return loops.get(Math.floorMod(nextIndex.getAndIncrement(), loops.size()));
  }

  /** All loops, in thread-number order (immutable). */
  public List<EventLoop> loops() {
    return loops;
  }

  /**
   * Shuts every loop down (every open connection is closed and its handler told, selectors are
   * closed) and waits up to {@value #CLOSE_WAIT_MILLIS} ms in total for the threads to end.
   * Idempotent: later calls only wait. Interruption stops the wait and keeps the interrupt flag.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      for (EventLoop l : loops) {
        l.shutdown();
      }
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
    try {
      for (EventLoop l : loops) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return;
        }
        l.awaitTermination(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** True once {@link #close()} has been called. */
  public boolean isClosed() {
    return closed.get();
  }
}
