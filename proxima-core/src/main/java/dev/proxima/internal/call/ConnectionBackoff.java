package dev.proxima.internal.call;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * gRPC's connection backoff (doc/connection-backoff.md): start at {@code initial}, grow by 1.6 per
 * failed attempt up to {@code max}, and spread each wait by ±20% so that clients that lost the same
 * server do not all come back at once. Not thread-safe: guarded by the channel's lock.
 */
final class ConnectionBackoff {
  static final double MULTIPLIER = 1.6;
  static final double JITTER = 0.2;

  private final long initialNanos;
  private final long maxNanos;
  private long nextNanos;

  ConnectionBackoff(Duration initial, Duration max) {
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.nextNanos = initialNanos;
  }

  /** How long to wait before the next attempt; each call moves the backoff on. */
  long nextDelayNanos() {
    long base = nextNanos;
    nextNanos = (long) Math.min(maxNanos, base * MULTIPLIER);
    double jitter = 1 + JITTER * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
    return (long) (base * jitter);
  }

  /** A connection succeeded: start over. */
  void reset() {
    nextNanos = initialNanos;
  }
}
