package dev.proxima.internal.http2;

/**
 * Counts events in a sliding pair of fixed windows and says when a peer sends more than
 * {@link Http2Config.FloodLimit} allows. Approximates a sliding window by weighting the previous
 * window's count by how much of it still overlaps, so a burst across a window edge is still seen.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class FloodCounter {
  private final int limit;
  private final long windowNanos;
  private long windowStart;
  private int current;
  private int previous;

  FloodCounter(Http2Config.FloodLimit limit, long nowNanos) {
    this.limit = limit.events();
    this.windowNanos = limit.window().toNanos();
    this.windowStart = nowNanos;
  }

  /** Records one event at {@code nowNanos}; returns true when the limit is exceeded. */
  boolean record(long nowNanos) {
    long elapsed = nowNanos - windowStart;
    if (elapsed >= windowNanos) {
      long windows = elapsed / windowNanos;
      previous = windows == 1 ? current : 0;
      current = 0;
      windowStart += windows * windowNanos;
      elapsed = nowNanos - windowStart;
    }
    current++;
    double overlap = 1.0 - (double) elapsed / windowNanos;
    return current + previous * overlap > limit;
  }
}
