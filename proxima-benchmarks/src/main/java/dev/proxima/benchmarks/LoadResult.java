package dev.proxima.benchmarks;

import dev.proxima.Status;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link LoadGenerator} run measured (warm-up excluded).
 *
 * @param elapsedNanos from the end of the warm-up to the last measured call's end
 * @param ok calls that ended with status OK
 * @param errors failed calls by status code
 * @param errorDescriptions the description of the first failure of each code
 * @param latency every measured call's latency, failed ones included
 * @param warmupCalls calls made during the warm-up
 * @param unsent open loop: calls scheduled that never found a free slot before the end
 * @param stillOpen calls that had not ended 10 s after the end
 */
public record LoadResult(
    LoadOptions options,
    long elapsedNanos,
    long ok,
    long responseBytes,
    Map<Status.Code, Long> errors,
    Map<Status.Code, String> errorDescriptions,
    LatencyHistogram latency,
    long warmupCalls,
    long unsent,
    long stillOpen) {

  private static final double[] PERCENTILES = {50, 90, 99, 99.9};

  public long total() {
    return latency.count();
  }

  public double requestsPerSecond() {
    return total() * 1e9 / elapsedNanos;
  }

  /** The human-readable report. */
  public String text() {
    StringBuilder b = new StringBuilder();
    LoadOptions o = options;
    b.append(String.format(Locale.ROOT, "target:      %s:%d %s%n", o.host(), o.port(), o.method()));
    b.append(String.format(Locale.ROOT, "load:        %d connections x %d streams, %s, %s%n", o.connections(), o.streams(),
        o.openLoop() ? String.format(Locale.ROOT, "open loop at %.0f calls/s", o.rate()) : "closed loop",
        o.duration() != null ? o.duration().toMillis() / 1000.0 + " s" : o.count() + " calls"));
    b.append(String.format(Locale.ROOT, "warm-up:     %.1f s, %d calls (not counted)%n", o.warmup().toMillis() / 1000.0, warmupCalls));
    b.append(String.format(Locale.ROOT, "calls:       %d in %.2f s: %d OK, %d failed%n", total(), elapsedNanos / 1e9, ok,
        total() - ok));
    b.append(String.format(Locale.ROOT, "requests/s:  %.1f%n", requestsPerSecond()));
    b.append(String.format(Locale.ROOT, "latency us:  p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (mean %s, min %s)%n",
        us(latency.percentile(50)), us(latency.percentile(90)), us(latency.percentile(99)),
        us(latency.percentile(99.9)), us(latency.max()), us((long) latency.mean()), us(latency.min())));
    if (!errors.isEmpty()) {
      b.append("errors:     ");
      errors.forEach((code, n) -> b.append(' ').append(code).append(' ').append(n));
      b.append('\n');
      errorDescriptions.forEach((code, d) -> b.append("  first ").append(code).append(": ").append(d).append('\n'));
    }
    if (unsent > 0) {
      b.append("unsent:      ").append(unsent).append(" scheduled calls never found a free stream (raise --streams)\n");
    }
    if (stillOpen > 0) {
      b.append("still open:  ").append(stillOpen).append(" calls had not ended 10 s after the end\n");
    }
    return b.toString();
  }

  /** The report as a JSON object; latencies in microseconds. */
  public String json() {
    LoadOptions o = options;
    StringBuilder b = new StringBuilder("{\n");
    b.append("  \"target\": \"").append(esc(o.host() + ":" + o.port())).append("\",\n");
    b.append("  \"method\": \"").append(esc(o.method())).append("\",\n");
    b.append("  \"connections\": ").append(o.connections()).append(",\n");
    b.append("  \"streams\": ").append(o.streams()).append(",\n");
    b.append("  \"mode\": \"").append(o.openLoop() ? "open" : "closed").append("\",\n");
    b.append("  \"rate\": ").append(num(o.rate())).append(",\n");
    b.append("  \"duration_s\": ").append(o.duration() == null ? "null" : num(o.duration().toMillis() / 1000.0)).append(",\n");
    b.append("  \"count\": ").append(o.count()).append(",\n");
    b.append("  \"warmup_s\": ").append(num(o.warmup().toMillis() / 1000.0)).append(",\n");
    b.append("  \"warmup_calls\": ").append(warmupCalls).append(",\n");
    b.append("  \"elapsed_s\": ").append(num(elapsedNanos / 1e9)).append(",\n");
    b.append("  \"calls\": ").append(total()).append(",\n");
    b.append("  \"ok\": ").append(ok).append(",\n");
    b.append("  \"requests_per_second\": ").append(num(requestsPerSecond())).append(",\n");
    b.append("  \"response_bytes\": ").append(responseBytes).append(",\n");
    b.append("  \"latency_us\": {");
    for (double p : PERCENTILES) {
      b.append("\"p").append(p == (long) p ? String.valueOf((long) p) : String.valueOf(p)).append("\": ")
          .append(num(latency.percentile(p) / 1e3)).append(", ");
    }
    b.append("\"max\": ").append(num(latency.max() / 1e3)).append(", \"mean\": ").append(num(latency.mean() / 1e3))
        .append(", \"min\": ").append(num(latency.min() / 1e3)).append("},\n");
    b.append("  \"errors\": {");
    String sep = "";
    for (Map.Entry<Status.Code, Long> e : errors.entrySet()) {
      b.append(sep).append('"').append(e.getKey()).append("\": ").append(e.getValue());
      sep = ", ";
    }
    b.append("},\n");
    b.append("  \"unsent\": ").append(unsent).append(",\n");
    b.append("  \"still_open\": ").append(stillOpen).append('\n');
    return b.append("}\n").toString();
  }

  private static String us(long nanos) {
    return String.format(Locale.ROOT, "%.0f", nanos / 1e3);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String esc(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
