package dev.proxima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class CallOptionsTest {
  private static final CallOptions.Key<String> TAG = CallOptions.Key.create("tag");
  private static final CallOptions.Key<Integer> RETRIES = CallOptions.Key.createWithDefault("retries", 3);
  private static final Executor DIRECT = Runnable::run;

  @Test
  void defaultsAreNoneFalseNullAndZero() {
    CallOptions d = CallOptions.DEFAULT;
    assertNull(d.deadline());
    assertNull(d.compression());
    assertFalse(d.isWaitForReady());
    assertNull(d.maxInboundMessageSize());
    assertNull(d.maxOutboundMessageSize());
    assertNull(d.executor());
    assertEquals(0, d.priority());
    assertNull(d.option(TAG));
    assertEquals(3, d.option(RETRIES));
    assertEquals("CallOptions{}", d.toString());
  }

  @Test
  void eachWithReturnsANewInstanceAndLeavesTheOriginalUnchanged() {
    Deadline deadline = Deadline.after(1, TimeUnit.SECONDS);
    List<UnaryOperator<CallOptions>> withs =
        List.of(
            o -> o.withDeadline(deadline),
            o -> o.withDeadlineAfter(1, TimeUnit.SECONDS),
            o -> o.withDeadlineAfter(Duration.ofSeconds(1)),
            o -> o.withCompression("gzip"),
            CallOptions::withWaitForReady,
            CallOptions::withoutWaitForReady,
            o -> o.withMaxInboundMessageSize(10),
            o -> o.withMaxOutboundMessageSize(20),
            o -> o.withExecutor(DIRECT),
            o -> o.withPriority(5),
            o -> o.withOption(TAG, "t"));
    for (UnaryOperator<CallOptions> with : withs) {
      CallOptions changed = with.apply(CallOptions.DEFAULT);
      assertNotSame(CallOptions.DEFAULT, changed);
      assertEquals("CallOptions{}", CallOptions.DEFAULT.toString());
    }
  }

  @Test
  void eachWithSetsOnlyItsOwnOption() {
    Deadline deadline = Deadline.after(1, TimeUnit.SECONDS);
    CallOptions base = CallOptions.DEFAULT.withCompression("gzip").withPriority(2);
    CallOptions o = base.withDeadline(deadline);
    assertSame(deadline, o.deadline());
    assertEquals("gzip", o.compression());
    assertEquals(2, o.priority());
    assertNull(base.deadline());

    CallOptions w = o.withWaitForReady();
    assertTrue(w.isWaitForReady());
    assertFalse(o.isWaitForReady());
    assertFalse(w.withoutWaitForReady().isWaitForReady());
    assertTrue(w.isWaitForReady());

    CallOptions sized = w.withMaxInboundMessageSize(100).withMaxOutboundMessageSize(200);
    assertEquals(100, sized.maxInboundMessageSize());
    assertEquals(200, sized.maxOutboundMessageSize());
    assertNull(w.maxInboundMessageSize());
    assertSame(deadline, sized.deadline());
    assertTrue(sized.isWaitForReady());

    CallOptions ex = sized.withExecutor(DIRECT);
    assertSame(DIRECT, ex.executor());
    assertNull(sized.executor());
    assertNull(ex.withExecutor(null).executor());

    assertEquals(9, ex.withPriority(9).priority());
    assertEquals(2, ex.priority());
    assertNull(ex.withCompression(null).compression());
    assertNull(ex.withDeadline(null).deadline());
  }

  @Test
  void withDeadlineAfterSetsADeadlineThatFarFromNow() {
    long ms =
        CallOptions.DEFAULT
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .deadline()
            .timeRemaining(TimeUnit.MILLISECONDS);
    assertTrue(ms > 9_000 && ms <= 10_000, "" + ms);
    ms =
        CallOptions.DEFAULT
            .withDeadlineAfter(Duration.ofSeconds(10))
            .deadline()
            .timeRemaining(TimeUnit.MILLISECONDS);
    assertTrue(ms > 9_000 && ms <= 10_000, "" + ms);
  }

  @Test
  void negativeMessageSizesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> CallOptions.DEFAULT.withMaxInboundMessageSize(-1));
    assertThrows(IllegalArgumentException.class, () -> CallOptions.DEFAULT.withMaxOutboundMessageSize(-1));
    assertEquals(0, CallOptions.DEFAULT.withMaxInboundMessageSize(0).maxInboundMessageSize());
  }

  @Test
  void customOptionsAreSetReplacedAndKeptPerInstance() {
    CallOptions a = CallOptions.DEFAULT.withOption(TAG, "a");
    CallOptions b = a.withOption(TAG, "b");
    CallOptions both = b.withOption(RETRIES, 5);
    assertEquals("a", a.option(TAG));
    assertEquals("b", b.option(TAG));
    assertEquals("b", both.option(TAG));
    assertEquals(5, both.option(RETRIES));
    assertEquals(3, b.option(RETRIES));
    assertNull(both.withOption(RETRIES, null).option(RETRIES), "explicit null is kept");
    assertEquals("CallOptions{tag=b, retries=5}", both.toString());
  }

  @Test
  void customKeysAreComparedByIdentity() {
    CallOptions.Key<String> sameName = CallOptions.Key.create("tag");
    CallOptions o = CallOptions.DEFAULT.withOption(TAG, "mine");
    assertNull(o.option(sameName));
    assertEquals("tag", sameName.toString());
  }

  @Test
  void toStringListsWhatDiffersFromTheDefault() {
    String s =
        CallOptions.DEFAULT
            .withCompression("gzip")
            .withWaitForReady()
            .withMaxInboundMessageSize(1)
            .withMaxOutboundMessageSize(2)
            .withPriority(3)
            .toString();
    assertEquals(
        "CallOptions{compression=gzip, waitForReady, maxInboundMessageSize=1,"
            + " maxOutboundMessageSize=2, priority=3}",
        s);
    String withDeadline = CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.SECONDS).toString();
    assertTrue(withDeadline.startsWith("CallOptions{deadline=Deadline["), withDeadline);
  }
}
