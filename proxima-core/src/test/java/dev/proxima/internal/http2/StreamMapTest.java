package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The open streams of a connection by id: what a map must do, and no table while idle. */
class StreamMapTest {
  private static Http2Stream stream(int id) {
    return new Http2Stream(null, id, 65_535, 65_535);
  }

  @Test
  void aMapThatNeverHeldAStreamHasNoTable() {
    StreamMap map = new StreamMap();
    assertEquals(0, map.capacity());
    assertNull(map.get(1));
    assertNull(map.remove(1));
    map.clear();
    assertTrue(map.snapshot().isEmpty());
    assertEquals(0, map.capacity());
  }

  @Test
  void putGetRemove() {
    StreamMap map = new StreamMap();
    Http2Stream one = stream(1);
    Http2Stream three = stream(3);
    map.put(1, one);
    map.put(3, three);
    assertEquals(2, map.size());
    assertSame(one, map.get(1));
    assertSame(three, map.get(3));
    assertNull(map.get(5));
    assertSame(one, map.remove(1));
    assertNull(map.get(1));
    assertSame(three, map.get(3));
    assertEquals(1, map.size());
  }

  @Test
  void streamsOpenedInOrderAreListedInOrder() {
    StreamMap map = new StreamMap();
    for (int id = 1; id <= 11; id += 2) {
      map.put(id, stream(id));
    }
    List<Integer> ids = new ArrayList<>();
    for (Http2Stream s : map.snapshot()) {
      ids.add(s.id());
    }
    assertEquals(List.of(1, 3, 5, 7, 9, 11), ids);
  }

  @Test
  void idsThatCollideStayReachableAfterRemovals() {
    StreamMap map = new StreamMap();
    // Ids 16 apart share a home slot in an 8-slot table.
    for (int id = 1; id <= 1 + 16 * 3; id += 16) {
      map.put(id, stream(id));
    }
    assertEquals(33, map.remove(33).id());
    assertEquals(49, map.get(49).id());
    assertEquals(1, map.remove(1).id());
    assertEquals(17, map.get(17).id());
    assertEquals(49, map.get(49).id());
    assertEquals(2, map.size());
  }

  @Test
  void clearKeepsTheTableAndForgetsTheStreams() {
    StreamMap map = new StreamMap();
    map.put(1, stream(1));
    int capacity = map.capacity();
    map.clear();
    assertTrue(map.isEmpty());
    assertNull(map.get(1));
    assertEquals(capacity, map.capacity());
  }

  @Test
  void behavesLikeAHashMapUnderRandomUse() {
    Random random = new Random(42);
    StreamMap map = new StreamMap();
    Map<Integer, Http2Stream> expected = new HashMap<>();
    int nextId = 1;
    for (int step = 0; step < 20_000; step++) {
      if (expected.isEmpty() || random.nextInt(3) > 0 && expected.size() < 300) {
        nextId += 2 * (1 + random.nextInt(40));
        Http2Stream s = stream(nextId);
        map.put(nextId, s);
        expected.put(nextId, s);
      } else {
        List<Integer> keys = new ArrayList<>(expected.keySet());
        int id = keys.get(random.nextInt(keys.size()));
        assertSame(expected.remove(id), map.remove(id));
      }
      int probe = 1 + 2 * random.nextInt(nextId / 2 + 1);
      assertSame(expected.get(probe), map.get(probe));
      assertEquals(expected.size(), map.size());
    }
    assertEquals(new HashSet<>(expected.values()), new HashSet<>(map.snapshot()));
  }
}
