package dev.proxima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  /** A clock that only moves when told to. */
  static final class FakeTicker implements Deadline.Ticker {
    long now;

    FakeTicker(long start) {
      now = start;
    }

    @Override
    public long nanoTime() {
      return now;
    }

    void advance(long duration, TimeUnit unit) {
      now += unit.toNanos(duration);
    }
  }

  private final FakeTicker ticker = new FakeTicker(1_000_000L);

  @Test
  void timeRemainingCountsDownWithTheClockAndGoesNegative() {
    Deadline d = Deadline.after(10, TimeUnit.SECONDS, ticker);
    assertEquals(10_000, d.timeRemaining(TimeUnit.MILLISECONDS));
    ticker.advance(3, TimeUnit.SECONDS);
    assertEquals(7_000, d.timeRemaining(TimeUnit.MILLISECONDS));
    ticker.advance(9, TimeUnit.SECONDS);
    assertEquals(-2_000, d.timeRemaining(TimeUnit.MILLISECONDS));
  }

  @Test
  void timeRemainingTruncatesTowardZero() {
    Deadline d = Deadline.after(1999, TimeUnit.MILLISECONDS, ticker);
    assertEquals(1, d.timeRemaining(TimeUnit.SECONDS));
  }

  @Test
  void worksAcrossTheNanoTimeWrapAround() {
    FakeTicker nearMax = new FakeTicker(Long.MAX_VALUE - 5);
    Deadline d = Deadline.after(10, TimeUnit.NANOSECONDS, nearMax);
    assertEquals(10, d.timeRemaining(TimeUnit.NANOSECONDS));
    nearMax.advance(8, TimeUnit.NANOSECONDS); // the clock wraps to negative
    assertEquals(2, d.timeRemaining(TimeUnit.NANOSECONDS));
    assertFalse(d.isExpired());
    assertTrue(Deadline.after(-1, TimeUnit.NANOSECONDS, nearMax).isBefore(d));
  }

  @Test
  void isExpiredExactlyWhenNoTimeRemains() {
    Deadline d = Deadline.after(5, TimeUnit.MILLISECONDS, ticker);
    assertFalse(d.isExpired());
    ticker.advance(4_999_999, TimeUnit.NANOSECONDS);
    assertFalse(d.isExpired());
    ticker.advance(1, TimeUnit.NANOSECONDS);
    assertTrue(d.isExpired());
  }

  @Test
  void aDeadlineInThePastOrNowIsExpiredAtOnce() {
    assertTrue(Deadline.after(0, TimeUnit.SECONDS, ticker).isExpired());
    assertTrue(Deadline.after(-1, TimeUnit.SECONDS, ticker).isExpired());
    assertTrue(Deadline.after(Duration.ofMillis(-1)).isExpired());
  }

  @Test
  void realClockDeadlineExpires() throws InterruptedException {
    Deadline d = Deadline.after(Duration.ofMillis(20));
    assertFalse(d.isExpired());
    Thread.sleep(40);
    assertTrue(d.isExpired());
    assertTrue(d.timeRemaining(TimeUnit.NANOSECONDS) < 0);
  }

  @Test
  void hugeDurationsSaturateInsteadOfOverflowing() {
    Deadline far = Deadline.after(Long.MAX_VALUE, TimeUnit.DAYS, ticker);
    assertFalse(far.isExpired());
    assertEquals(Deadline.MAX_OFFSET_NANOS, far.timeRemaining(TimeUnit.NANOSECONDS));
    Deadline past = Deadline.after(Long.MIN_VALUE, TimeUnit.DAYS, ticker);
    assertTrue(past.isExpired());
    assertEquals(-Deadline.MAX_OFFSET_NANOS, past.timeRemaining(TimeUnit.NANOSECONDS));
    assertTrue(past.isBefore(far));
    assertTrue(far.offset(Long.MAX_VALUE, TimeUnit.DAYS).timeRemaining(TimeUnit.DAYS) > 0);
    assertFalse(Deadline.after(Duration.ofSeconds(Long.MAX_VALUE)).isExpired());
    assertTrue(Deadline.after(Duration.ofSeconds(Long.MIN_VALUE)).isExpired());
  }

  @Test
  void offsetMovesTheInstantEitherWay() {
    Deadline d = Deadline.after(10, TimeUnit.SECONDS, ticker);
    assertEquals(15, d.offset(5, TimeUnit.SECONDS).timeRemaining(TimeUnit.SECONDS));
    assertEquals(-1, d.offset(-11, TimeUnit.SECONDS).timeRemaining(TimeUnit.SECONDS));
    assertTrue(d.offset(-11, TimeUnit.SECONDS).isExpired());
    assertSame(d, d.offset(0, TimeUnit.SECONDS));
    assertEquals(10, d.timeRemaining(TimeUnit.SECONDS), "the original is unchanged");
  }

  @Test
  void minimumIsTheEarlierAndNullMeansThis() {
    Deadline early = Deadline.after(1, TimeUnit.SECONDS, ticker);
    Deadline late = Deadline.after(2, TimeUnit.SECONDS, ticker);
    assertSame(early, early.minimum(late));
    assertSame(early, late.minimum(early));
    assertSame(late, late.minimum(null));
  }

  @Test
  void comparesByInstant() {
    Deadline early = Deadline.after(1, TimeUnit.SECONDS, ticker);
    Deadline late = Deadline.after(2, TimeUnit.SECONDS, ticker);
    Deadline sameAsEarly = Deadline.after(1000, TimeUnit.MILLISECONDS, ticker);
    assertTrue(early.isBefore(late));
    assertFalse(late.isBefore(early));
    assertFalse(early.isBefore(sameAsEarly));
    assertEquals(0, early.compareTo(sameAsEarly));
    assertEquals(early, sameAsEarly);
    assertEquals(early.hashCode(), sameAsEarly.hashCode());
    assertNotEquals(early, late);
    assertTrue(late.compareTo(early) > 0);
  }

  @Test
  void deadlinesOnDifferentTickersCannotBeCompared() {
    Deadline fake = Deadline.after(1, TimeUnit.SECONDS, ticker);
    Deadline real = Deadline.after(1, TimeUnit.SECONDS);
    assertThrows(IllegalArgumentException.class, () -> fake.isBefore(real));
    assertNotEquals(fake, real);
  }

  @Test
  void toStringShowsSecondsFromNowOrAgo() {
    Deadline d = Deadline.after(1234, TimeUnit.MILLISECONDS, ticker);
    assertTrue(d.toString().startsWith("Deadline[1.234s from now"), d.toString());
    ticker.advance(1734, TimeUnit.MILLISECONDS);
    assertTrue(d.toString().startsWith("Deadline[0.5s ago"), d.toString());
    ticker.advance(1500, TimeUnit.MILLISECONDS);
    assertTrue(d.toString().startsWith("Deadline[2s ago"), d.toString());
    assertEquals(
        "Deadline[3s from now, ticker=steady]",
        Deadline.after(3, TimeUnit.SECONDS, SteadyTicker.INSTANCE).toString());
  }

  @Test
  void toStringOfASystemDeadlineHasNoTicker() {
    String s = Deadline.after(1, TimeUnit.HOURS).toString();
    assertTrue(s.matches("Deadline\\[35\\d\\d(\\.\\d+)?s from now\\]"), s);
  }

  private enum SteadyTicker implements Deadline.Ticker {
    INSTANCE;

    @Override
    public long nanoTime() {
      return 42;
    }

    @Override
    public String toString() {
      return "steady";
    }
  }
}
