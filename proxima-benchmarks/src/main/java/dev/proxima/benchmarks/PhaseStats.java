package dev.proxima.benchmarks;

import dev.proxima.Status;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the calls of one phase (warm-up or measurement) came to. Thread-safe. */
final class PhaseStats {
  final LatencyHistogram latency = new LatencyHistogram();
  private final LongAdder ok = new LongAdder();
  private final LongAdder responseBytes = new LongAdder();
  private final Map<Status.Code, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<Status.Code, String> firstDescriptions = new ConcurrentHashMap<>();
  private final AtomicLong lastEnd = new AtomicLong();

  /** One call ended at {@code endNanos} with {@code status}, {@code latencyNanos} after its start. */
  void record(Status status, long latencyNanos, long bytes, long endNanos) {
    latency.record(latencyNanos);
    if (status.isOk()) {
      ok.increment();
      responseBytes.add(bytes);
    } else {
      errors.computeIfAbsent(status.code(), c -> new LongAdder()).increment();
      if (status.description() != null) {
        firstDescriptions.putIfAbsent(status.code(), status.description());
      }
    }
    if (endNanos > lastEnd.get()) {
      lastEnd.accumulateAndGet(endNanos, Math::max);
    }
  }

  long ok() {
    return ok.sum();
  }

  long responseBytes() {
    return responseBytes.sum();
  }

  /** Failed calls by status code, in code order. */
  Map<Status.Code, Long> errors() {
    Map<Status.Code, Long> m = new TreeMap<>();
    errors.forEach((code, n) -> m.put(code, n.sum()));
    return m;
  }

  /** The description of the first failed call of each code that had one. */
  Map<Status.Code, String> firstDescriptions() {
    return new TreeMap<>(firstDescriptions);
  }

  long lastEndNanos() {
    return lastEnd.get();
  }
}
