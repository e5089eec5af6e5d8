package dev.proxima.internal.http2;

import static dev.proxima.internal.http2.ReadOutcome.isError;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeMap;

/** Counts how fuzz cases ended, to show the generator reaches every kind of ending. */
final class EndingTally {
  private final TreeMap<String, Integer> endings = new TreeMap<>();

  void add(List<String> events) {
    String last = events.isEmpty() ? "" : events.get(events.size() - 1);
    String ending = last.startsWith("connection error ") ? last
        : "the end of the input without an error";
    endings.merge(ending, 1, Integer::sum);
    for (String e : events) {
      if (e.startsWith("stream error ")) {
        endings.merge("stream error " + e.substring(e.lastIndexOf(' ') + 1), 1, Integer::sum);
      } else if (!isError(e)) {
        endings.merge("frames", 1, Integer::sum);
      }
    }
  }

  void assertReached(String... kinds) {
    for (String kind : kinds) {
      assertTrue(endings.containsKey(kind), "no case reached " + kind + ": " + endings);
    }
  }
}
