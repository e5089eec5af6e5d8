package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The streams this side reset lately, whose late frames RFC 9113 §5.1 says to ignore. */
class RecentResetsTest {
  @Test
  void aStreamResetIsRememberedAndNoOtherIs() {
    RecentResets resets = new RecentResets();
    resets.add(7);
    assertTrue(resets.contains(7));
    assertFalse(resets.contains(5));
    assertFalse(resets.contains(9));
  }

  @Test
  void theLastCapacityResetsAreRememberedAndOlderOnesForgotten() {
    RecentResets resets = new RecentResets();
    int first = 1;
    int last = first + 2 * RecentResets.CAPACITY; // one more than the ring holds, odd ids
    for (int id = first; id <= last; id += 2) {
      resets.add(id);
    }
    assertFalse(resets.contains(first), "the oldest made room");
    for (int id = first + 2; id <= last; id += 2) {
      assertTrue(resets.contains(id), "stream " + id);
    }
  }
}
