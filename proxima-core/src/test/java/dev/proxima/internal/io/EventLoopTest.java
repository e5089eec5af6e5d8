package dev.proxima.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.SECONDS)
class EventLoopTest {
  private final EventLoopGroup group = new EventLoopGroup(1, "test-loop", true);
  private final EventLoop loop = group.next();

  @AfterEach
  void closeGroup() {
    group.close();
  }

  @Test
  void executeFromOtherThreadsRunsOnTheLoopInSubmissionOrderPerThread() throws Exception {
    int producers = 4;
    int perProducer = 10_000;
    List<List<Integer>> seen = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      seen.add(new ArrayList<>()); // touched only on the loop thread
    }
    AtomicBoolean offLoop = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(producers * perProducer);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int producer = p;
      Thread t = new Thread(() -> {
        for (int i = 0; i < perProducer; i++) {
          int n = i;
          loop.execute(() -> {
            if (!loop.inEventLoop()) {
              offLoop.set(true);
            }
            seen.get(producer).add(n);
            done.countDown();
          });
        }
      });
      threads.add(t);
      t.start();
    }
    assertTrue(done.await(4, TimeUnit.SECONDS));
    assertFalse(offLoop.get());
    CountDownLatch read = new CountDownLatch(1);
    loop.execute(() -> {
      for (List<Integer> s : seen) {
        for (int i = 0; i < perProducer; i++) {
          if (s.get(i) != i) {
            offLoop.set(true);
          }
        }
      }
      read.countDown();
    });
    read.await();
    assertFalse(offLoop.get(), "a producer's tasks ran out of order");
  }

  @Test
  void tasksSubmittedWhileTheLoopIsBusyCostNoSelectorWakeup() throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    loop.execute(() -> {
      busy.countDown();
      try {
        release.await(); // test only: keep the loop out of select
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    busy.await();
    long before = loop.wakeups();
    CountDownLatch done = new CountDownLatch(1000);
    for (int i = 0; i < 1000; i++) {
      loop.execute(done::countDown);
    }
    assertEquals(before, loop.wakeups());
    release.countDown();
    assertTrue(done.await(2, TimeUnit.SECONDS));
    Thread.sleep(50); // let the loop go back to sleep in select
    CountDownLatch one = new CountDownLatch(1);
    loop.execute(one::countDown);
    assertTrue(one.await(2, TimeUnit.SECONDS));
    assertEquals(before + 1, loop.wakeups());
  }

  @Test
  void inEventLoopIsTrueOnlyOnTheLoopThread() throws Exception {
    assertFalse(loop.inEventLoop());
    CountDownLatch latch = new CountDownLatch(1);
    AtomicBoolean inLoop = new AtomicBoolean();
    loop.execute(() -> {
      inLoop.set(loop.inEventLoop());
      latch.countDown();
    });
    latch.await();
    assertTrue(inLoop.get());
  }

  @Test
  void throwingTaskDoesNotKillTheLoop() throws Exception {
    loop.execute(() -> {
      throw new IllegalStateException("expected by the test");
    });
    CountDownLatch latch = new CountDownLatch(1);
    loop.execute(latch::countDown);
    assertTrue(latch.await(2, TimeUnit.SECONDS));
  }

  @Test
  void scheduleFiresAfterRoughlyTheDelayOnTheLoop() throws Exception {
    long start = System.nanoTime();
    AtomicLong firedAt = new AtomicLong();
    AtomicBoolean inLoop = new AtomicBoolean();
    CountDownLatch latch = new CountDownLatch(1);
    dev.proxima.internal.io.Timeout t = loop.schedule(() -> {
      firedAt.set(System.nanoTime());
      inLoop.set(loop.inEventLoop());
      latch.countDown();
    }, 50, TimeUnit.MILLISECONDS);
    assertTrue(latch.await(2, TimeUnit.SECONDS));
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(firedAt.get() - start);
    assertTrue(elapsedMs >= 50, "fired early: " + elapsedMs + " ms");
    assertTrue(elapsedMs < 500, "fired late: " + elapsedMs + " ms");
    assertTrue(inLoop.get());
    assertTrue(t.isExpired());
  }

  @Test
  void cancelPreventsFiring() throws Exception {
    AtomicBoolean fired = new AtomicBoolean();
    // Long enough that a busy machine cannot run the timer before this thread cancels it.
    dev.proxima.internal.io.Timeout t = loop.schedule(() -> fired.set(true), 300, TimeUnit.MILLISECONDS);
    assertTrue(t.cancel());
    assertTrue(t.isCancelled());
    Thread.sleep(500);
    assertFalse(fired.get());
  }

  @Test
  void scheduleFromTheLoopThreadWorksToo() throws Exception {
    CountDownLatch latch = new CountDownLatch(1);
    loop.execute(() -> loop.schedule(latch::countDown, 5, TimeUnit.MILLISECONDS));
    assertTrue(latch.await(2, TimeUnit.SECONDS));
  }

  @Test
  void manyTimersAllFireNeverEarly() throws Exception {
    int count = 5_000;
    CountDownLatch latch = new CountDownLatch(count);
    AtomicInteger early = new AtomicInteger();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < count; i++) {
      long delayMs = random.nextInt(200);
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
      loop.schedule(() -> {
        if (System.nanoTime() < deadline) {
          early.incrementAndGet();
        }
        latch.countDown();
      }, delayMs, TimeUnit.MILLISECONDS);
    }
    assertTrue(latch.await(3, TimeUnit.SECONDS), "left: " + latch.getCount());
    assertEquals(0, early.get());
  }

  @Test
  void executeAfterCloseIsDroppedQuietly() throws Exception {
    group.close();
    assertFalse(loop.isRunning());
    AtomicBoolean ran = new AtomicBoolean();
    loop.execute(() -> ran.set(true));
    Thread.sleep(20);
    assertFalse(ran.get());
    assertTrue(loop.connect(new java.net.InetSocketAddress("127.0.0.1", 1), RecordingHandler.recording())
        .isCompletedExceptionally());
  }

  @Test
  void tasksQueuedBeforeCloseStillRun() throws Exception {
    List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    loop.execute(() -> {
      blocked.countDown();
      try {
        release.await(); // test only: hold the loop so the next tasks queue up
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    blocked.await();
    for (int i = 0; i < 3; i++) {
      int n = i;
      loop.execute(() -> ran.add(n));
    }
    loop.shutdown();
    release.countDown();
    group.close();
    assertEquals(List.of(0, 1, 2), ran);
  }
}
