package dev.proxima.benchmarks;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link LoadGenerator} does: unary calls of {@code method} carrying {@code request} (the
 * serialized request message) to {@code host:port}, over {@code connections} connections with at
 * most {@code streams} calls open on each.
 *
 * @param duration how long to measure, or null when {@code count} is given
 * @param count how many calls to measure, or 0 when {@code duration} is given
 * @param rate calls started per second (open loop, latency measured from each call's scheduled
 *     start), or 0 for closed loop (a call starts as soon as one of the slots is free)
 * @param warmup load applied before measuring, the same way, then forgotten
 */
public record LoadOptions(
    String host,
    int port,
    String method,
    byte[] request,
    int connections,
    int streams,
    Duration duration,
    long count,
    double rate,
    Duration warmup) {

  public LoadOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(warmup, "warmup");
    if (connections < 1) {
      throw new IllegalArgumentException("--connections must be >= 1, got " + connections);
    }
    if (streams < 1) {
      throw new IllegalArgumentException("--streams must be >= 1, got " + streams);
    }
    if ((duration == null) == (count <= 0)) {
      throw new IllegalArgumentException("give exactly one of --duration and --count");
    }
    if (rate < 0) {
      throw new IllegalArgumentException("--rate must be >= 0, got " + rate);
    }
  }

  public boolean openLoop() {
    return rate > 0;
  }
}
