package dev.proxima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.Context.CancellableContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContextTest {
  private static final Context.Key<String> NAME = Context.Key.named("name");
  private static final Context.Key<Integer> COUNT = Context.Key.named("count", 7);

  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    assertSame(Context.ROOT, Context.current(), "a test left a context attached");
  }

  // --- current / attach / detach / run / call

  @Test
  void currentIsRootWhenNothingIsAttached() {
    assertSame(Context.ROOT, Context.current());
    assertNull(Context.ROOT.deadline());
    assertFalse(Context.ROOT.isCancelled());
    assertNull(Context.ROOT.cancellationCause());
  }

  @Test
  void attachMakesCurrentAndDetachRestoresThePrevious() {
    Context a = Context.ROOT.withValue(NAME, "a");
    Context b = a.withValue(NAME, "b");
    Context prevA = a.attach();
    assertSame(Context.ROOT, prevA);
    assertSame(a, Context.current());
    Context prevB = b.attach();
    assertSame(a, prevB);
    assertEquals("b", NAME.get());
    b.detach(prevB);
    assertSame(a, Context.current());
    a.detach(prevA);
    assertSame(Context.ROOT, Context.current());
  }

  @Test
  void detachOfAContextThatIsNotCurrentStillRestoresPrevious() {
    Context a = Context.ROOT.withValue(NAME, "a");
    Context b = Context.ROOT.withValue(NAME, "b");
    Context prev = a.attach();
    b.detach(prev); // mismatched: tolerated (logged at FINE)
    assertSame(Context.ROOT, Context.current());
  }

  @Test
  void runAttachesForTheDurationAndDetachesEvenOnException() {
    Context a = Context.ROOT.withValue(NAME, "a");
    AtomicReference<Context> seen = new AtomicReference<>();
    a.run(() -> seen.set(Context.current()));
    assertSame(a, seen.get());
    assertSame(Context.ROOT, Context.current());
    assertThrows(
        IllegalStateException.class,
        () -> a.run(() -> {
          throw new IllegalStateException("boom");
        }));
    assertSame(Context.ROOT, Context.current());
  }

  @Test
  void callReturnsTheValueAndPropagatesTheException() throws Exception {
    Context a = Context.ROOT.withValue(NAME, "a");
    assertEquals("a", a.call(NAME::get));
    assertSame(Context.ROOT, Context.current());
    assertThrows(
        TimeoutException.class,
        () -> a.call(() -> {
          throw new TimeoutException("x");
        }));
    assertSame(Context.ROOT, Context.current());
  }

  // --- values

  @Test
  void valuesAreInheritedAndShadowedWithoutChangingTheParent() {
    Context parent = Context.ROOT.withValue(NAME, "parent");
    Context child = parent.withValue(COUNT, 3);
    Context shadow = child.withValue(NAME, "child");
    assertEquals("parent", child.get(NAME));
    assertEquals(3, child.get(COUNT));
    assertEquals("child", shadow.get(NAME));
    assertEquals(3, shadow.get(COUNT));
    assertEquals("parent", parent.get(NAME));
    assertEquals(7, parent.get(COUNT));
  }

  @Test
  void anAbsentValueIsTheKeysDefault() {
    assertNull(Context.ROOT.get(NAME));
    assertEquals(7, Context.ROOT.get(COUNT));
    assertEquals(7, Context.ROOT.withValue(COUNT, null).get(COUNT));
  }

  @Test
  void keysAreComparedByIdentityNotName() {
    Context.Key<String> other = Context.Key.named("name");
    Context c = Context.ROOT.withValue(NAME, "mine");
    assertNull(c.get(other));
    assertEquals("name", other.toString());
  }

  @Test
  void valuesCrossIntoCancellableChildren() {
    Context c = Context.ROOT.withValue(NAME, "v");
    try (CancellableContext cc = c.withCancellation()) {
      assertEquals("v", cc.get(NAME));
      assertEquals("v", cc.withValue(COUNT, 1).get(NAME));
    }
  }

  // --- deadlines

  @Test
  void withDeadlineCancelsAtTheDeadlineWithATimeoutException() throws Exception {
    long start = System.nanoTime();
    try (CancellableContext c = Context.ROOT.withDeadlineAfter(50, TimeUnit.MILLISECONDS)) {
      CountDownLatch fired = new CountDownLatch(1);
      AtomicReference<Context> seen = new AtomicReference<>();
      c.addListener(
          ctx -> {
            seen.set(ctx);
            fired.countDown();
          },
          Runnable::run);
      // Not before the deadline: if it is cancelled already, the deadline must have passed (a
      // loaded machine may well reach this line after 50 ms).
      boolean cancelledEarly = c.isCancelled();
      assertTrue(!cancelledEarly || System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
      assertTrue(fired.await(5, TimeUnit.SECONDS));
      assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "not before");
      assertSame(c, seen.get());
      assertTrue(c.isCancelled());
      assertInstanceOf(TimeoutException.class, c.cancellationCause());
      assertFalse(c.hasTimer());
    }
  }

  @Test
  void aChildWithoutItsOwnDeadlineIsCancelledWhenTheInheritedOnePasses() throws Exception {
    try (CancellableContext parent = Context.ROOT.withDeadlineAfter(50, TimeUnit.MILLISECONDS)) {
      Context child = parent.withValue(NAME, "x").withCancellation();
      CountDownLatch fired = new CountDownLatch(1);
      child.addListener(ctx -> fired.countDown(), Runnable::run);
      assertTrue(fired.await(5, TimeUnit.SECONDS));
      assertTrue(child.isCancelled());
      assertInstanceOf(TimeoutException.class, child.cancellationCause());
    }
  }

  @Test
  void isCancelledOnceTheDeadlineHasPassedEvenBeforeTheTimerRuns() {
    try (CancellableContext c = Context.ROOT.withDeadlineAfter(-1, TimeUnit.SECONDS)) {
      assertTrue(c.isCancelled());
      assertInstanceOf(TimeoutException.class, c.cancellationCause());
      assertFalse(c.hasTimer(), "an expired deadline schedules nothing");
    }
  }

  @Test
  void effectiveDeadlineIsTheEarlierOfParentAndChild() {
    Deadline soon = Deadline.after(10, TimeUnit.SECONDS);
    Deadline later = Deadline.after(20, TimeUnit.SECONDS);
    try (CancellableContext parent = Context.ROOT.withDeadline(soon);
        CancellableContext laterChild = parent.withDeadline(later);
        CancellableContext parent2 = Context.ROOT.withDeadline(later);
        CancellableContext soonerChild = parent2.withDeadline(soon)) {
      assertSame(soon, parent.deadline());
      assertSame(soon, laterChild.deadline());
      assertFalse(laterChild.hasTimer(), "the parent's timer enforces the sooner deadline");
      assertSame(soon, soonerChild.deadline());
      assertTrue(soonerChild.hasTimer());
      assertSame(soon, parent.withValue(NAME, "x").deadline());
      assertSame(soon, parent.withCancellation().deadline());
    }
  }

  @Test
  void closingAContextWithADeadlineCancelsItsTimer() {
    CancellableContext c = Context.ROOT.withDeadlineAfter(1, TimeUnit.HOURS);
    assertTrue(c.hasTimer());
    c.close();
    assertFalse(c.hasTimer());
    assertTrue(c.isCancelled());
    assertInstanceOf(CancellationException.class, c.cancellationCause());
  }

  @Test
  void aContextCancelledWithoutCauseReportsOneCancellationExceptionToEveryAsker() {
    CancellableContext parent = Context.ROOT.withCancellation();
    CancellableContext child = parent.withCancellation();
    parent.cancel(null);
    Throwable cause = parent.cancellationCause();
    assertInstanceOf(CancellationException.class, cause);
    assertSame(cause, parent.cancellationCause());
    assertTrue(child.isCancelled());
    assertSame(cause, child.cancellationCause());
  }

  @Test
  void closedContextsDoNotLeaveTimersScheduled() {
    int before = Context.pendingTimers();
    List<CancellableContext> contexts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      contexts.add(Context.ROOT.withDeadlineAfter(1, TimeUnit.HOURS));
    }
    assertEquals(before + 100, Context.pendingTimers());
    contexts.forEach(CancellableContext::close);
    assertEquals(before, Context.pendingTimers());
  }

  // --- cancellation

  @Test
  void cancelRunsEachListenerExactlyOnceAndIsIdempotent() {
    CancellableContext c = Context.ROOT.withCancellation();
    AtomicInteger calls = new AtomicInteger();
    c.addListener(ctx -> calls.incrementAndGet(), Runnable::run);
    Exception cause = new Exception("stop");
    assertTrue(c.cancel(cause));
    assertFalse(c.cancel(new Exception("again")));
    c.close();
    assertEquals(1, calls.get());
    assertSame(cause, c.cancellationCause());
    assertEquals(0, c.listenerCount());
  }

  @Test
  void aListenerAddedAfterCancellationRunsAtOnce() {
    CancellableContext c = Context.ROOT.withCancellation();
    c.cancel(null);
    AtomicInteger calls = new AtomicInteger();
    c.addListener(ctx -> calls.incrementAndGet(), Runnable::run);
    assertEquals(1, calls.get());
    c.withValue(NAME, "x").addListener(ctx -> calls.incrementAndGet(), Runnable::run);
    assertEquals(2, calls.get());
  }

  @Test
  void listenersRunOnTheirExecutor() throws Exception {
    CancellableContext c = Context.ROOT.withCancellation();
    CompletableFuture<Thread> ran = new CompletableFuture<>();
    c.addListener(ctx -> ran.complete(Thread.currentThread()), pool);
    c.cancel(null);
    assertTrue(ran.get(5, TimeUnit.SECONDS) != Thread.currentThread());
  }

  @Test
  void cancellingAParentCancelsDescendantsAndRunsTheirListenersOnce() {
    CancellableContext parent = Context.ROOT.withCancellation();
    Context valueChild = parent.withValue(NAME, "v");
    CancellableContext child = valueChild.withCancellation();
    CancellableContext grandchild = child.withValue(COUNT, 1).withCancellation();
    List<Context> seen = new ArrayList<>();
    valueChild.addListener(seen::add, Runnable::run);
    grandchild.addListener(seen::add, Runnable::run);
    assertFalse(grandchild.isCancelled());
    Exception cause = new Exception("parent");
    parent.cancel(cause);
    assertEquals(List.of(valueChild, grandchild), seen);
    assertTrue(valueChild.isCancelled());
    assertTrue(child.isCancelled());
    assertTrue(grandchild.isCancelled());
    assertSame(cause, grandchild.cancellationCause());
    grandchild.cancel(null);
    parent.cancel(null);
    assertEquals(2, seen.size());
  }

  @Test
  void aChildWithoutListenersSeesItsParentsCancellation() {
    CancellableContext parent = Context.ROOT.withCancellation();
    CancellableContext child = parent.withCancellation();
    Exception cause = new Exception("p");
    parent.cancel(cause);
    assertTrue(child.isCancelled());
    assertSame(cause, child.cancellationCause());
    assertFalse(child.cancel(null), "already cancelled via the parent");
  }

  @Test
  void cancellingAChildDoesNotCancelTheParentOrSiblings() {
    CancellableContext parent = Context.ROOT.withCancellation();
    CancellableContext child = parent.withCancellation();
    CancellableContext sibling = parent.withCancellation();
    AtomicInteger parentCalls = new AtomicInteger();
    parent.addListener(ctx -> parentCalls.incrementAndGet(), Runnable::run);
    child.cancel(null);
    assertTrue(child.isCancelled());
    assertFalse(parent.isCancelled());
    assertFalse(sibling.isCancelled());
    assertNull(parent.cancellationCause());
    assertEquals(0, parentCalls.get());
  }

  @Test
  void aCancelledChildStopsListeningToItsParent() {
    CancellableContext parent = Context.ROOT.withCancellation();
    for (int i = 0; i < 100; i++) {
      CancellableContext child = parent.withCancellation();
      child.addListener(ctx -> {}, Runnable::run);
      child.close();
    }
    assertEquals(0, parent.listenerCount());
  }

  @Test
  void removedListenersDoNotRun() {
    CancellableContext c = Context.ROOT.withCancellation();
    Context view = c.withValue(NAME, "v");
    AtomicInteger calls = new AtomicInteger();
    Context.CancellationListener l = ctx -> calls.incrementAndGet();
    c.addListener(l, Runnable::run);
    view.addListener(l, Runnable::run);
    c.removeListener(l); // only the registration made on c
    c.cancel(null);
    assertEquals(1, calls.get());
  }

  @Test
  void rootAndPlainChildrenOfRootCannotBeCancelled() {
    Context plain = Context.ROOT.withValue(NAME, "x");
    AtomicInteger calls = new AtomicInteger();
    plain.addListener(ctx -> calls.incrementAndGet(), Runnable::run);
    plain.removeListener(ctx -> {});
    assertFalse(plain.isCancelled());
    assertNull(plain.deadline());
    assertEquals(0, calls.get());
  }

  @Test
  void concurrentCancelsCancelOnceAndRunListenersOnce() throws Exception {
    for (int round = 0; round < 50; round++) {
      CancellableContext c = Context.ROOT.withCancellation();
      AtomicInteger calls = new AtomicInteger();
      c.addListener(ctx -> calls.incrementAndGet(), Runnable::run);
      AtomicInteger winners = new AtomicInteger();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        go.await();
                      } catch (InterruptedException e) {
                        return;
                      }
                      if (c.cancel(null)) {
                        winners.incrementAndGet();
                      }
                    }));
      }
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
      assertEquals(1, winners.get());
      assertEquals(1, calls.get());
    }
  }

  // --- carrying a context across threads

  @Test
  void wrapRunsInTheWrappingContextOnAnotherThread() throws Exception {
    Context c = Context.ROOT.withValue(NAME, "carried");
    CompletableFuture<String> seen = new CompletableFuture<>();
    pool.execute(c.wrap(() -> seen.complete(NAME.get())));
    assertEquals("carried", seen.get(5, TimeUnit.SECONDS));
    CompletableFuture<String> unwrapped = new CompletableFuture<>();
    pool.execute(() -> unwrapped.complete(String.valueOf(NAME.get())));
    assertEquals("null", unwrapped.get(5, TimeUnit.SECONDS), "the pool thread was left clean");
  }

  @Test
  void currentContextExecutorCarriesTheContextCurrentAtExecute() throws Exception {
    var executor = Context.currentContextExecutor(pool);
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> second = new CompletableFuture<>();
    Context.ROOT.withValue(NAME, "one").run(() -> executor.execute(() -> first.complete(NAME.get())));
    Context.ROOT.withValue(NAME, "two").run(() -> executor.execute(() -> second.complete(NAME.get())));
    assertEquals("one", first.get(5, TimeUnit.SECONDS));
    assertEquals("two", second.get(5, TimeUnit.SECONDS));
  }

  @Test
  void fixedContextExecutorAlwaysUsesItsContext() throws Exception {
    var executor = Context.ROOT.withValue(NAME, "fixed").fixedContextExecutor(pool);
    CompletableFuture<String> seen = new CompletableFuture<>();
    Context.ROOT.withValue(NAME, "other").run(() -> executor.execute(() -> seen.complete(NAME.get())));
    assertEquals("fixed", seen.get(5, TimeUnit.SECONDS));
  }

  @Test
  void worksOnVirtualThreads() throws Exception {
    try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor();
        CancellableContext c =
            Context.ROOT.withValue(NAME, "vt").withDeadlineAfter(50, TimeUnit.MILLISECONDS)) {
      CompletableFuture<String> value = new CompletableFuture<>();
      CountDownLatch cancelled = new CountDownLatch(1);
      vts.execute(
          c.wrap(
              () -> {
                assertTrue(Thread.currentThread().isVirtual());
                value.complete(NAME.get());
                Context.current().addListener(ctx -> cancelled.countDown(), Runnable::run);
              }));
      assertEquals("vt", value.get(5, TimeUnit.SECONDS));
      assertTrue(cancelled.await(5, TimeUnit.SECONDS));
      CompletableFuture<Context> onFreshVt = new CompletableFuture<>();
      vts.execute(() -> onFreshVt.complete(Context.current()));
      assertSame(Context.ROOT, onFreshVt.get(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void keyGetReadsTheCurrentContext() {
    assertNull(NAME.get());
    assertEquals(7, COUNT.get());
    Context.ROOT.withValue(NAME, "now").run(() -> assertEquals("now", NAME.get()));
  }
}
