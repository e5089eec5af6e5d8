package dev.proxima.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bucket bounds and percentiles within 1/64 of the truth. */
final class LatencyHistogramTest {
  @Test
  void everyValueFallsInABucketWhoseTopIsAtMostOneSixtyFourthAbove() {
    for (long v : new long[] {0, 1, 127, 128, 129, 255, 256, 1000, 123_456, 999_999_999L, Long.MAX_VALUE / 2}) {
      int i = LatencyHistogram.index(v);
      long top = LatencyHistogram.highestInBucket(i);
      assertTrue(top >= v && top - v <= Math.max(0, v / 64), v + " -> " + top);
      if (i > 0) {
        assertTrue(LatencyHistogram.highestInBucket(i - 1) < v, "bucket below " + v);
      }
    }
  }

  @Test
  void percentilesOfOneToTenThousand() {
    LatencyHistogram h = new LatencyHistogram();
    for (long v = 1; v <= 10_000; v++) {
      h.record(v * 1000);
    }
    assertEquals(10_000, h.count());
    assertEquals(10_000_000, h.max());
    assertEquals(1000, h.min());
    long p50 = h.percentile(50);
    assertTrue(p50 >= 5_000_000 && p50 <= 5_000_000 * 65 / 64, "p50 " + p50);
    long p99 = h.percentile(99);
    assertTrue(p99 >= 9_900_000 && p99 <= 9_900_000 * 65 / 64, "p99 " + p99);
    assertEquals(10_000_000, h.percentile(100));
  }
}
