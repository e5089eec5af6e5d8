package dev.proxima.bench.clientload;

import dev.proxima.benchmarks.LatencyHistogram;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load both clients get: {@code connections × streams} slots, each holding one unary call open
 * at a time and starting the next from the completion callback of the previous (on the library's
 * event loop). Nothing in here knows which library runs the calls.
 *
 * <p>Phases by a call's start time: calls started during the warm-up count only as completions
 * before the window opens; calls started within the window are timed; none start after it. The
 * rate, CPU and allocation figures are the process's counters at the window's two ends divided by
 * the calls completed between them.
 *
 * <p>A slot whose call fails stops: a failing library could otherwise spin, or recurse when it
 * fails a call inside {@code start}. Any failure makes the run invalid; the report counts them.
 *
 * <p>Threading: the counters are touched by every event loop and are atomic; the phase bounds are
 * written once, before the first call starts.
 */
final class ClosedLoop {
  private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final UnaryDriver driver;
  private final ClientLoadOptions options;
  private final LatencyHistogram latency = new LatencyHistogram();
  private final LongAdder completed = new LongAdder();
  private final LongAdder measuredResponseBytes = new LongAdder();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private volatile long measureStart;
  private volatile long measureEnd;

  ClosedLoop(UnaryDriver driver, ClientLoadOptions options) {
    this.driver = driver;
    this.options = options;
  }

  /** Checks every connection with one call, applies the load, waits for the last call. */
  LoadSummary run() throws InterruptedException {
    probe();
    long now = System.nanoTime();
    measureStart = now + options.warmup().toNanos();
    measureEnd = measureStart + options.duration().toNanos();
    for (int c = 0; c < options.connections(); c++) {
      for (int s = 0; s < options.streams(); s++) {
        open.incrementAndGet();
        startCall(c, System.nanoTime());
      }
    }
    sleepUntil(measureStart);
    ProcessMeter before = ProcessMeter.read(completed.sum());
    sleepUntil(measureEnd);
    ProcessMeter after = ProcessMeter.read(completed.sum());
    long drainEnd = System.nanoTime() + DRAIN_NANOS;
    while (open.get() > 0 && System.nanoTime() < drainEnd) {
      Thread.sleep(1);
    }
    Map<String, Long> failed = new TreeMap<>();
    failures.forEach((code, n) -> failed.put(code, n.sum()));
    return new LoadSummary(options, driver, before, after, latency, measuredResponseBytes.sum(), failed, open.get());
  }

  /** One call per connection, so that connecting is not measured and a bad target fails fast. */
  private void probe() throws InterruptedException {
    for (int c = 0; c < options.connections(); c++) {
      CountDownLatch done = new CountDownLatch(1);
      AtomicReference<String> status = new AtomicReference<>();
      driver.start(c, (code, bytes) -> {
        status.set(code);
        done.countDown();
      });
      if (!done.await(15, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the first call on connection " + c + " to " + options.target()
            + " did not end within 15 s");
      }
      if (!status.get().equals("OK")) {
        throw new IllegalStateException("the first call on connection " + c + " to " + options.target()
            + " ended with " + status.get());
      }
    }
  }

  private void startCall(int connection, long startNanos) {
    driver.start(connection, (code, bytes) -> ended(connection, startNanos, code, bytes));
  }

  private void ended(int connection, long startNanos, String code, int bytes) {
    long now = System.nanoTime();
    completed.increment();
    boolean measured = startNanos >= measureStart && startNanos < measureEnd;
    if (measured) {
      latency.record(now - startNanos);
      measuredResponseBytes.add(bytes);
    }
    if (!code.equals("OK")) {
      failures.computeIfAbsent(code, k -> new LongAdder()).increment();
      open.decrementAndGet();
    } else if (now < measureEnd) {
      startCall(connection, now);
    } else {
      open.decrementAndGet();
    }
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long wait;
    while ((wait = nanos - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }
}
