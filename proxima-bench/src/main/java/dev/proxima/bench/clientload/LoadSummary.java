package dev.proxima.bench.clientload;

import dev.proxima.benchmarks.LatencyHistogram;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What one run measured, as ordered {@code key=value} pairs: printed as one line a script can split
 * on spaces, and as a JSON object. Latencies are of the calls started within the window; rate, CPU
 * and allocation per call are over the calls completed within it, JIT and GC time are within it;
 * failures are over the whole run (warm-up included), by status code.
 */
final class LoadSummary {
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Map<String, Long> failed;
  private final int stillOpen;

  LoadSummary(ClientLoadOptions options, UnaryDriver driver, ProcessMeter before, ProcessMeter after,
      LatencyHistogram latency, long responseBytes, Map<String, Long> failed, int stillOpen) {
    this.failed = failed;
    this.stillOpen = stillOpen;
    long calls = after.completedCalls() - before.completedCalls();
    double windowSeconds = (after.nanos() - before.nanos()) / 1e9;
    values.put("client", options.client());
    values.put("transport", driver.transport());
    values.put("loop_threads", Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(driver.loopThreadPrefix())).count());
    values.put("target", options.target());
    values.put("connections", options.connections());
    values.put("streams", options.streams());
    values.put("warmup_s", fixed(options.warmup().toMillis() / 1e3, 3));
    values.put("window_s", fixed(windowSeconds, 3));
    values.put("calls", calls);
    values.put("rps", fixed(calls / windowSeconds, 0));
    values.put("timed_calls", latency.count());
    values.put("p50_us", micros(latency.percentile(50)));
    values.put("p90_us", micros(latency.percentile(90)));
    values.put("p99_us", micros(latency.percentile(99)));
    values.put("p999_us", micros(latency.percentile(99.9)));
    values.put("max_us", micros(latency.max()));
    values.put("mean_us", fixed(latency.mean() / 1e3, 1));
    values.put("cpu_us_per_call", perCall((after.cpuNanos() - before.cpuNanos()) / 1e3, calls, 2));
    values.put("alloc_bytes_per_call", before.allocatedBytes() < 0 ? "n/a"
        : perCall(after.allocatedBytes() - before.allocatedBytes(), calls, 0));
    values.put("jit_ms", before.compileMillis() < 0 ? "n/a" : after.compileMillis() - before.compileMillis());
    values.put("gc_ms", after.gcMillis() - before.gcMillis());
    values.put("response_bytes_per_call", perCall(responseBytes, latency.count(), 1));
    values.put("failed", failed.values().stream().mapToLong(Long::longValue).sum());
    values.put("failed_by_status", failedByStatus());
    values.put("still_open", stillOpen);
  }

  /** Whether every call succeeded and none was left open. */
  boolean clean() {
    return failed.isEmpty() && stillOpen == 0;
  }

  /** {@code client=proxima transport=... rps=... p50_us=...}: no value holds a space. */
  String line() {
    StringJoiner line = new StringJoiner(" ");
    values.forEach((k, v) -> line.add(k + "=" + v));
    return line.toString();
  }

  String json() {
    StringJoiner json = new StringJoiner(",\n  ", "{\n  ", "\n}\n");
    values.forEach((k, v) -> {
      if (k.equals("failed_by_status")) {
        StringJoiner codes = new StringJoiner(", ", "{", "}");
        failed.forEach((code, n) -> codes.add(quote(code) + ": " + n));
        json.add(quote(k) + ": " + codes);
      } else {
        json.add(quote(k) + ": " + (v instanceof String s ? quote(s) : v));
      }
    });
    return json.toString();
  }

  private String failedByStatus() {
    if (failed.isEmpty()) {
      return "none";
    }
    StringJoiner codes = new StringJoiner(",");
    failed.forEach((code, n) -> codes.add(code + ":" + n));
    return codes.toString();
  }

  private static Object perCall(double total, long calls, int decimals) {
    return calls == 0 ? "n/a" : fixed(total / calls, decimals);
  }

  private static BigDecimal micros(long nanos) {
    return fixed(nanos / 1e3, 1);
  }

  private static BigDecimal fixed(double v, int decimals) {
    return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP);
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
