package dev.proxima;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetadataTest {
  private static final Metadata.Key<String> A = Metadata.Key.of("a");
  private static final Metadata.Key<String> B = Metadata.Key.of("B"); // names are lower-cased
  private static final Metadata.Key<byte[]> BIN = Metadata.Key.binary("c-bin");

  @Test
  void emptyHasNothing() {
    Metadata m = new Metadata();
    assertTrue(m.isEmpty());
    assertEquals(0, m.size());
    assertNull(m.get(A));
    assertEquals(List.of(), m.getAll(A));
    assertFalse(m.containsKey(A));
    assertEquals(Set.of(), m.keys());
  }

  @Test
  void getGivesTheLastValueAndGetAllEveryValueInOrder() {
    Metadata m = new Metadata().put(A, "1").put(B, "x").put(A, "2");
    assertEquals("2", m.get(A));
    assertEquals(List.of("1", "2"), m.getAll(A));
    assertEquals("x", m.get(Metadata.Key.of("b")));
    assertEquals(3, m.size());
    assertEquals(List.of("a", "b"), new ArrayList<>(m.keys()));
  }

  @Test
  void manyEntriesKeepTheirOrder() {
    Metadata m = new Metadata();
    for (int i = 0; i < 50; i++) {
      m.put(A, Integer.toString(i));
    }
    assertEquals(50, m.size());
    List<String> all = m.getAll(A);
    for (int i = 0; i < 50; i++) {
      assertEquals(Integer.toString(i), all.get(i));
    }
  }

  @Test
  void binaryValuesAreCopiedInAndOut() {
    byte[] value = {1, 2};
    Metadata m = new Metadata().put(BIN, value);
    value[0] = 9;
    byte[] got = m.get(BIN);
    assertArrayEquals(new byte[] {1, 2}, got);
    got[1] = 9;
    assertArrayEquals(new byte[] {1, 2}, m.get(BIN));
  }

  @Test
  void removeAllRemovesOnlyThatKeyAndKeepsTheRestInOrder() {
    Metadata m = new Metadata().put(A, "1").put(B, "x").put(A, "2").put(B, "y");
    assertEquals(2, m.removeAll(A));
    assertFalse(m.containsKey(A));
    assertEquals(List.of("x", "y"), m.getAll(B));
    assertEquals(2, m.size());
    assertEquals(0, m.removeAll(A));
    m.put(A, "3");
    assertEquals("3", m.get(A));
  }

  @Test
  void mergeAddsCopiesOfTheOthersEntriesEvenFromItself() {
    Metadata m = new Metadata().put(A, "1").put(BIN, new byte[] {7});
    Metadata other = new Metadata().put(B, "x");
    m.merge(other).merge(m);
    assertEquals(List.of("1", "1"), m.getAll(A));
    assertEquals(List.of("x", "x"), m.getAll(B));
    assertEquals(2, m.getAll(BIN).size());
    assertEquals(6, m.size());
    assertEquals(1, other.size());
  }

  @Test
  void forEachVisitsEntriesInOrderWithBinaryValuesCopied() {
    Metadata m = new Metadata().put(A, "1").put(BIN, new byte[] {7}).put(B, "x");
    List<String> seen = new ArrayList<>();
    m.forEach((name, text, bytes) -> {
      seen.add(name + "=" + (text != null ? text : "#" + bytes[0]));
      if (bytes != null) {
        bytes[0] = 0;
      }
    });
    assertEquals(List.of("a=1", "c-bin=#7", "b=x"), seen);
    assertArrayEquals(new byte[] {7}, m.get(BIN));
    assertEquals("Metadata(a=1, c-bin=[7], b=x)", m.toString());
  }

  @Test
  void badNamesAndTextValuesAreRefusedWithTheReason() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metadata.Key.of("a b"));
    assertTrue(e.getMessage().contains("invalid character ' '"), e.getMessage());
    Metadata m = new Metadata();
    e = assertThrows(IllegalArgumentException.class, () -> m.put(A, "tab\there"));
    assertTrue(e.getMessage().contains("0x9"), e.getMessage());
    assertTrue(m.isEmpty(), "nothing added");
  }
}
