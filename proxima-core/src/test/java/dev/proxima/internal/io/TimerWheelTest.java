package dev.proxima.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The wheel on a fake clock: deterministic, no threads. */
class TimerWheelTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private long now = 1_000_000_000L;
  private final TimerWheel wheel = new TimerWheel(() -> now, MS, 8, null);

  private void advanceMillis(long ms) {
    now += ms * MS;
  }

  @Test
  void timeoutNeverFiresBeforeItsDeadline() {
    AtomicInteger fired = new AtomicInteger();
    wheel.schedule(fired::incrementAndGet, 5 * MS);
    advanceMillis(4);
    wheel.expire();
    assertEquals(0, fired.get());
    advanceMillis(1);
    wheel.expire();
    assertEquals(1, fired.get());
  }

  @Test
  void timeoutFiresOnceOnly() {
    AtomicInteger fired = new AtomicInteger();
    Timeout t = wheel.schedule(fired::incrementAndGet, 2 * MS);
    advanceMillis(3);
    assertEquals(1, wheel.expire());
    advanceMillis(100);
    assertEquals(0, wheel.expire());
    assertEquals(1, fired.get());
    assertTrue(t.isExpired());
    assertFalse(t.cancel());
    assertEquals(0, wheel.size());
  }

  @Test
  void zeroDelayFiresOnTheNextExpire() {
    AtomicInteger fired = new AtomicInteger();
    wheel.schedule(fired::incrementAndGet, 0);
    assertEquals(0, wheel.nanosUntilNextExpiry());
    wheel.expire();
    assertEquals(1, fired.get());
  }

  @Test
  void cancelPreventsFiringAndUnlinks() {
    AtomicInteger fired = new AtomicInteger();
    Timeout t = wheel.schedule(fired::incrementAndGet, 3 * MS);
    assertTrue(t.cancel());
    assertFalse(t.cancel());
    assertTrue(t.isCancelled());
    assertEquals(0, wheel.size());
    advanceMillis(10);
    wheel.expire();
    assertEquals(0, fired.get());
  }

  @Test
  void delaysLongerThanOneTurnWaitTheirRounds() {
    List<Long> firedAt = new ArrayList<>();
    long t0 = now;
    wheel.schedule(() -> firedAt.add((now - t0) / MS), 20 * MS); // 8 slots: 2 full turns + 4
    for (int i = 0; i < 30; i++) {
      advanceMillis(1);
      wheel.expire();
    }
    assertEquals(List.of(20L), firedAt);
  }

  @Test
  void manyTimersAllFireInDeadlineOrderOfTicksAndNeverEarly() {
    TimerWheel big = new TimerWheel(() -> now, MS, 512, null);
    Random random = new Random(42);
    int count = 10_000;
    AtomicInteger fired = new AtomicInteger();
    AtomicInteger early = new AtomicInteger();
    long t0 = now;
    for (int i = 0; i < count; i++) {
      long delay = random.nextInt(3000) * MS / 2;
      long deadline = t0 + delay;
      Timeout t = big.schedule(() -> {
        fired.incrementAndGet();
        if (now < deadline) {
          early.incrementAndGet();
        }
      }, delay);
      if (i % 10 == 0) {
        t.cancel();
      }
    }
    for (int i = 0; i < 1600; i++) {
      advanceMillis(1);
      big.expire();
    }
    assertEquals(count - count / 10, fired.get());
    assertEquals(0, early.get());
    assertEquals(0, big.size());
  }

  @Test
  void expireAfterALongStallCatchesUp() {
    AtomicInteger fired = new AtomicInteger();
    for (int i = 1; i <= 100; i++) {
      wheel.schedule(fired::incrementAndGet, i * MS);
    }
    advanceMillis(1000);
    assertEquals(100, wheel.expire());
  }

  @Test
  void nextExpiryIsMinusOneWhenIdleAndPointsAtTheFirstNonEmptyTick() {
    assertEquals(-1, wheel.nanosUntilNextExpiry());
    wheel.schedule(() -> {}, 3 * MS);
    assertEquals(3 * MS, wheel.nanosUntilNextExpiry());
    advanceMillis(3);
    assertEquals(0, wheel.nanosUntilNextExpiry());
    wheel.expire();
    assertEquals(-1, wheel.nanosUntilNextExpiry());
  }

  @Test
  void addingAfterLongIdleStartsFromNow() {
    advanceMillis(1_000_000); // idle: no ticks should be walked one by one
    wheel.expire();
    AtomicInteger fired = new AtomicInteger();
    wheel.schedule(fired::incrementAndGet, 2 * MS);
    advanceMillis(1);
    wheel.expire();
    assertEquals(0, fired.get());
    advanceMillis(1);
    wheel.expire();
    assertEquals(1, fired.get());
  }

  @Test
  void throwingTaskDoesNotStopTheOthers() {
    AtomicInteger fired = new AtomicInteger();
    wheel.schedule(() -> {
      throw new IllegalStateException("boom");
    }, MS);
    wheel.schedule(fired::incrementAndGet, MS);
    advanceMillis(1);
    assertEquals(2, wheel.expire());
    assertEquals(1, fired.get());
  }

  @Test
  void taskMayCancelAnotherTimeoutDueInTheSameTick() {
    AtomicInteger fired = new AtomicInteger();
    Timeout[] other = new Timeout[1];
    wheel.schedule(() -> other[0].cancel(), MS);
    other[0] = wheel.schedule(fired::incrementAndGet, MS);
    advanceMillis(1);
    wheel.expire();
    // Both were claimed before either ran: the cancel loses, the task runs.
    assertEquals(1, fired.get());
    assertTrue(other[0].isExpired());
  }

  @Test
  void cancelFromAnotherThreadIsDeferredToTheOwner() throws Exception {
    List<Runnable> deferred = new ArrayList<>();
    TimerWheel owned = new TimerWheel(() -> now, MS, 8, deferred::add);
    owned.bindOwner(Thread.currentThread());
    AtomicInteger fired = new AtomicInteger();
    Timeout t = owned.schedule(fired::incrementAndGet, MS);
    Thread other = new Thread(() -> assertTrue(t.cancel()));
    other.start();
    other.join();
    assertEquals(1, deferred.size());
    assertEquals(1, owned.size()); // still linked until the owner runs the removal
    advanceMillis(5);
    owned.expire(); // skips it: it is marked cancelled
    assertEquals(0, fired.get());
    deferred.get(0).run(); // late removal is harmless
    assertEquals(0, owned.size());
  }
}
