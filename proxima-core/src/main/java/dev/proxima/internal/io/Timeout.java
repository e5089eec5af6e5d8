package dev.proxima.internal.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A task scheduled on an {@link EventLoop} (through its {@link TimerWheel}), which may still be
 * cancelled until it fires.
 *
 * <p>Threading: {@link #cancel()}, {@link #isExpired()} and {@link #isCancelled()} may be called
 * from any thread. The state moves once, from pending to either expired (the task is about to run,
 * or ran) or cancelled (it never runs), by compare-and-set, so exactly one of {@code cancel()}
 * returning true and the task running happens. The wheel links ({@link #next}, {@link #prev},
 * {@link #bucket}, {@link #rounds}) belong to the owning loop's thread.
 */
public final class Timeout {
  static final int PENDING = 0;
  static final int EXPIRED = 1;
  static final int CANCELLED = 2;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Timeout.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** PENDING (0, the initial value), EXPIRED or CANCELLED; moved by compare-and-set through {@link #STATE}. */
  private volatile int state;
  private final TimerWheel wheel;
  final Runnable task;
  /** Absolute {@link System#nanoTime()}-style deadline, in the wheel's clock. */
  final long deadline;

  // Loop-thread-only wheel bookkeeping: an intrusive doubly linked list per bucket, for O(1) removal.
  Timeout next;
  Timeout prev;
  /** Index of the bucket this timeout is linked into, or -1 while not linked. */
  int bucket = -1;
  /** Full turns of the wheel still to wait once its bucket comes round. */
  long rounds;

  Timeout(TimerWheel wheel, Runnable task, long deadline) {
    this.wheel = wheel;
    this.task = task;
    this.deadline = deadline;
  }

  /**
   * Prevents the task from running. Returns true if this call cancelled it; false if it had already
   * fired (or is firing) or was cancelled before. Any thread.
   */
  public boolean cancel() {
    if (!STATE.compareAndSet(this, PENDING, CANCELLED)) {
      return false;
    }
    wheel.cancelled(this);
    return true;
  }

  /** True once the task has been picked to run (it may be running right now). */
  public boolean isExpired() {
    return state == EXPIRED;
  }

  public boolean isCancelled() {
    return state == CANCELLED;
  }

  boolean isPending() {
    return state == PENDING;
  }

  /** Claims the right to run the task; false if it was cancelled first. */
  boolean expire() {
    return STATE.compareAndSet(this, PENDING, EXPIRED);
  }

  @Override
  public String toString() {
    return "Timeout[" + (isPending() ? "pending" : isExpired() ? "expired" : "cancelled") + "]";
  }
}
