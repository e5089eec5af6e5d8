package dev.proxima.internal.io;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * A hashed timer wheel: {@code slots} buckets, each covering one tick of {@code tickNanos}. A
 * timeout goes into the bucket of the tick its deadline falls in, with the number of whole turns
 * of the wheel it must still wait ({@link Timeout#rounds}). Adding and cancelling are O(1); each
 * {@link #expire()} visits the buckets of the ticks elapsed since the last call.
 *
 * <p>Threading: owned by one thread (the event loop's). {@link #add}, {@link #expire} and
 * {@link #nanosUntilNextExpiry} are owner-only. {@link #newTimeout} only reads the clock and may be
 * called from any thread. A {@link Timeout#cancel()} from another thread is forwarded to the owner
 * through the {@code deferTo} executor, because the bucket lists are not thread-safe; the timeout
 * is marked cancelled at once, so it can never fire in between.
 *
 * <p>A timeout never fires early: its bucket is the first tick that starts at or after its
 * deadline. It fires late by at most one tick plus however late the owner calls {@link #expire()}.
 */
final class TimerWheel {
  private static final System.Logger LOG = System.getLogger(TimerWheel.class.getName());
  /** Caps delays so that deadline arithmetic cannot overflow (about 73 years). */
  private static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;

  private final LongSupplier clock;
  private final long tickNanos;
  private final Timeout[] heads;
  private final int mask;
  private final long start;
  private final Executor deferTo;
  private volatile Thread owner;

  /** The next tick whose bucket has not been visited yet. */
  private long nextTick;
  private int size;
  private final List<Timeout> expired = new ArrayList<>();

  /**
   * @param clock a {@link System#nanoTime()}-like clock (tests pass a fake one)
   * @param slots a power of two
   * @param deferTo runs a cancellation on the owner when {@link Timeout#cancel()} is called from
   *     another thread; may be null when the wheel is used from one thread only
   */
  TimerWheel(LongSupplier clock, long tickNanos, int slots, Executor deferTo) {
    if (tickNanos <= 0) {
      throw new IllegalArgumentException("tickNanos " + tickNanos);
    }
    if (slots <= 0 || Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two: " + slots);
    }
    this.clock = clock;
    this.tickNanos = tickNanos;
    this.heads = new Timeout[slots];
    this.mask = slots - 1;
    this.deferTo = deferTo;
    this.start = clock.getAsLong();
  }

  /** Sets the owner thread; cancellations from other threads are then deferred to it. */
  void bindOwner(Thread thread) {
    this.owner = thread;
  }

  /** Creates a timeout whose deadline is {@code delayNanos} from now, not yet added. Any thread. */
  Timeout newTimeout(Runnable task, long delayNanos) {
    long delay = Math.min(Math.max(0, delayNanos), MAX_DELAY_NANOS);
    return new Timeout(this, task, clock.getAsLong() + delay);
  }

  /** {@link #newTimeout} then {@link #add}: owner only. */
  Timeout schedule(Runnable task, long delayNanos) {
    Timeout t = newTimeout(task, delayNanos);
    add(t);
    return t;
  }

  /** Links {@code t} into its bucket, unless it was cancelled meanwhile. Owner only. */
  void add(Timeout t) {
    if (!t.isPending() || t.bucket >= 0) {
      return;
    }
    if (size == 0) {
      // Nothing pending: skip the idle ticks rather than visit each empty bucket later.
      nextTick = Math.max(nextTick, floorTick(clock.getAsLong()));
    }
    long target = Math.max(ceilTick(t.deadline), nextTick);
    t.rounds = (target - nextTick) / heads.length;
    int b = (int) (target & mask);
    t.bucket = b;
    t.prev = null;
    t.next = heads[b];
    if (heads[b] != null) {
      heads[b].prev = t;
    }
    heads[b] = t;
    size++;
  }

  /** Timeouts linked and not yet fired or removed (cancelled ones may linger until removed). */
  int size() {
    return size;
  }

  /**
   * Nanoseconds until the next tick whose bucket holds a timeout: 0 if one is due now, -1 if no
   * timeout is pending (the owner may block). Scans at most one turn of buckets. Owner only.
   */
  long nanosUntilNextExpiry() {
    if (size == 0) {
      return -1;
    }
    long now = clock.getAsLong();
    for (int d = 0; d < heads.length; d++) {
      long tick = nextTick + d;
      if (heads[(int) (tick & mask)] != null) {
        return Math.max(0, start + tick * tickNanos - now);
      }
    }
    return -1; // unreachable while size > 0
  }

  /**
   * Visits the buckets of every tick that has started since the last call, then runs the timeouts
   * that are due (after the scan, so a task may add or cancel timeouts freely). A task that throws
   * is logged and does not stop the others. Returns how many ran. Owner only.
   */
  int expire() {
    long nowTick = floorTick(clock.getAsLong());
    if (size == 0) {
      nextTick = Math.max(nextTick, nowTick + 1);
      return 0;
    }
    while (nextTick <= nowTick && size > 0) {
      int b = (int) (nextTick & mask);
      Timeout t = heads[b];
      while (t != null) {
        Timeout following = t.next;
        if (!t.isPending()) {
          unlink(t);
        } else if (t.rounds <= 0) {
          unlink(t);
          if (t.expire()) {
            expired.add(t);
          }
        } else {
          t.rounds--;
        }
        t = following;
      }
      nextTick++;
    }
    if (size == 0) {
      nextTick = Math.max(nextTick, nowTick + 1);
    }
    int n = expired.size();
    for (int i = 0; i < n; i++) {
      Timeout t = expired.get(i);
      try {
        t.task.run();
      } catch (Throwable e) {
        LOG.log(System.Logger.Level.WARNING, "timer task failed", e);
      }
    }
    expired.clear();
    return n;
  }

  /** Called by {@link Timeout#cancel()} once it won the race against expiry. Any thread. */
  void cancelled(Timeout t) {
    Thread o = owner;
    if (o == null || o == Thread.currentThread() || deferTo == null) {
      unlink(t);
    } else {
      deferTo.execute(() -> unlink(t));
    }
  }

  private void unlink(Timeout t) {
    int b = t.bucket;
    if (b < 0) {
      return;
    }
    if (t.prev != null) {
      t.prev.next = t.next;
    } else {
      heads[b] = t.next;
    }
    if (t.next != null) {
      t.next.prev = t.prev;
    }
    t.next = null;
    t.prev = null;
    t.bucket = -1;
    size--;
  }

  private long floorTick(long time) {
    return Math.floorDiv(time - start, tickNanos);
  }

  private long ceilTick(long time) {
    return -Math.floorDiv(start - time, tickNanos);
  }
}
