package dev.proxima;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An instant by which something must be done, on a monotonic clock ({@link System#nanoTime} unless
 * a {@link Ticker} is given). Immutable.
 *
 * <p>Offsets are saturating: a duration beyond about 100 years (either way) is clamped to it, so
 * {@code Deadline.after(Long.MAX_VALUE, DAYS)} is "far in the future" and never overflows.
 *
 * <p>Deadlines are compared by instant; comparing deadlines made with different tickers throws
 * {@link IllegalArgumentException}, as their instants are on different clocks.
 */
public final class Deadline implements Comparable<Deadline> {
  /** A source of monotonic nanoseconds; tests pass a fake one to control time. */
  @FunctionalInterface
  public interface Ticker {
    /** The current instant, in nanoseconds from an arbitrary origin (as {@link System#nanoTime}). */
    long nanoTime();
  }

  private static final Ticker SYSTEM_TICKER = new Ticker() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public String toString() {
      return "SystemTicker";
    }
  };

  /** The largest offset from now a deadline may have, either way: about 100 years. */
  static final long MAX_OFFSET_NANOS = TimeUnit.DAYS.toNanos(100L * 365);

  private final Ticker ticker;
  private final long deadlineNanos;
  private volatile boolean expired;

  private Deadline(Ticker ticker, long deadlineNanos, boolean expired) {
    this.ticker = ticker;
    this.deadlineNanos = deadlineNanos;
    this.expired = expired;
  }

  /** The ticker that reads {@link System#nanoTime}, used by every deadline made without one. */
  public static Ticker systemTicker() {
    return SYSTEM_TICKER;
  }

  /** The instant {@code duration} from now (negative: in the past). Saturating, see class docs. */
  public static Deadline after(long duration, TimeUnit unit) {
    return after(duration, unit, SYSTEM_TICKER);
  }

  /** The instant {@code duration} from now (negative: in the past). Saturating, see class docs. */
  public static Deadline after(Duration duration) {
    return after(saturatedNanos(duration), TimeUnit.NANOSECONDS, SYSTEM_TICKER);
  }

  /** The instant {@code duration} from now on {@code ticker}'s clock. Saturating, see class docs. */
  public static Deadline after(long duration, TimeUnit unit, Ticker ticker) {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(ticker, "ticker");
    long offset = clamp(unit.toNanos(duration));
    return new Deadline(ticker, ticker.nanoTime() + offset, offset <= 0);
  }

  /** The ticker whose clock this deadline is on. */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * The time left until this deadline, in {@code unit} (truncated toward zero); negative once it
   * has passed.
   */
  public long timeRemaining(TimeUnit unit) {
    long remaining = deadlineNanos - ticker.nanoTime();
    if (remaining <= 0) {
      expired = true;
    }
    return unit.convert(remaining, TimeUnit.NANOSECONDS);
  }

  /** Whether this deadline has been reached (no time remains). Once true, stays true. */
  public boolean isExpired() {
    if (!expired && deadlineNanos - ticker.nanoTime() <= 0) {
      expired = true;
    }
    return expired;
  }

  /** Whether this deadline comes strictly before {@code other}. */
  public boolean isBefore(Deadline other) {
    return compareTo(other) < 0;
  }

  /** The earlier of this and {@code other}; this one if {@code other} is null or they are equal. */
  public Deadline minimum(Deadline other) {
    if (other == null) {
      return this;
    }
    return other.isBefore(this) ? other : this;
  }

  /** The instant {@code duration} after this one (negative: before). Saturating, see class docs. */
  public Deadline offset(long duration, TimeUnit unit) {
    long offset = unit.toNanos(duration);
    if (offset == 0) {
      return this;
    }
    long now = ticker.nanoTime();
    long remaining = clamp(saturatedAdd(deadlineNanos - now, offset));
    return new Deadline(ticker, now + remaining, remaining <= 0);
  }

  /** Orders by instant, earliest first. Both deadlines must have the same ticker. */
  @Override
  public int compareTo(Deadline other) {
    checkTicker(other);
    return Long.signum(deadlineNanos - other.deadlineNanos);
  }

  /** Equal if on the same ticker at the same instant. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Deadline d && d.ticker == ticker && d.deadlineNanos == deadlineNanos;
  }

  /** Consistent with {@link #equals}. */
  @Override
  public int hashCode() {
    return Objects.hash(ticker, deadlineNanos);
  }

  /**
   * The time left, in seconds, as of now: {@code Deadline[1.234s from now]} or {@code
   * Deadline[0.5s ago]}; a ticker other than the system's is named after it.
   */
  @Override
  public String toString() {
    long remaining = deadlineNanos - ticker.nanoTime();
    StringBuilder sb = new StringBuilder("Deadline[");
    long abs = Math.abs(remaining);
    sb.append(abs / 1_000_000_000L);
    long frac = abs % 1_000_000_000L;
    if (frac != 0) {
      String digits = String.format("%09d", frac);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(digits, 0, end);
    }
    sb.append(remaining > 0 ? "s from now" : "s ago");
    if (ticker != SYSTEM_TICKER) {
      sb.append(", ticker=").append(ticker);
    }
    return sb.append(']').toString();
  }

  private void checkTicker(Deadline other) {
    if (other.ticker != ticker) {
      throw new IllegalArgumentException(
          "deadlines on different tickers (" + ticker + ", " + other.ticker + ") cannot be compared");
    }
  }

  private static long clamp(long nanos) {
    return Math.max(-MAX_OFFSET_NANOS, Math.min(MAX_OFFSET_NANOS, nanos));
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
