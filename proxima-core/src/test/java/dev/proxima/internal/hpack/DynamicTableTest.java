package dev.proxima.internal.hpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** RFC 7541 §4: size accounting, eviction and the encoder's lookups. */
class DynamicTableTest {
  @Test
  void aTableWithoutEntriesHoldsNoRing() {
    DynamicTable table = new DynamicTable(4096, true);
    assertEquals(0, table.ringSize());
    assertEquals(0, table.indexOf(new HeaderField("a", "1")));
    assertEquals(0, table.indexOfName("a"));
    table.add(new HeaderField("a", "1"));
    assertEquals(1, table.indexOf(new HeaderField("a", "1")));
    assertEquals(16, table.ringSize());
  }

  @Test
  void aFieldLargerThanTheTableMakesNoRing() {
    DynamicTable table = new DynamicTable(10, false);
    table.add(new HeaderField("name", "value")); // 41 > 10: empties the table, adds nothing
    assertEquals(0, table.length());
    assertEquals(0, table.ringSize());
  }

  @Test
  void entrySizeIsNamePlusValuePlus32() {
    DynamicTable table = new DynamicTable(4096, false);
    table.add(new HeaderField("ab", "cde"));
    assertEquals(37, table.size());
  }

  @Test
  void newestEntryHasIndexOne() {
    DynamicTable table = new DynamicTable(4096, false);
    table.add(new HeaderField("a", "1"));
    table.add(new HeaderField("b", "2"));
    assertEquals("b", table.get(1).name());
    assertEquals("a", table.get(2).name());
    assertThrows(IndexOutOfBoundsException.class, () -> table.get(3));
    assertThrows(IndexOutOfBoundsException.class, () -> table.get(0));
  }

  @Test
  void addingEvictsOldestUntilItFits() {
    DynamicTable table = new DynamicTable(100, false);
    table.add(new HeaderField("a", "1")); // 34
    table.add(new HeaderField("b", "2")); // 68
    table.add(new HeaderField("c", "3")); // 102 > 100: evicts a
    assertEquals(2, table.length());
    assertEquals(68, table.size());
    assertEquals("b", table.get(2).name());
  }

  @Test
  void loweringCapacityEvicts() {
    DynamicTable table = new DynamicTable(100, false);
    table.add(new HeaderField("a", "1"));
    table.add(new HeaderField("b", "2"));
    table.setCapacity(40);
    assertEquals(1, table.length());
    assertEquals("b", table.get(1).name());
    table.setCapacity(0);
    assertEquals(0, table.length());
    assertEquals(0, table.size());
  }

  @Test
  void ringGrowsPastInitialArrayAndKeepsOrder() {
    DynamicTable table = new DynamicTable(1 << 20, false);
    for (int i = 0; i < 1000; i++) {
      table.add(new HeaderField("n", Integer.toString(i)));
    }
    for (int i = 1; i <= 1000; i++) {
      assertEquals(Integer.toString(1000 - i), table.get(i).value());
    }
  }

  @Test
  void lookupsFollowInsertionsAndEvictions() {
    DynamicTable table = new DynamicTable(3 * 34, true);
    HeaderField a1 = new HeaderField("a", "1");
    table.add(a1);
    table.add(new HeaderField("a", "2"));
    table.add(new HeaderField("b", "3"));
    assertEquals(3, table.indexOf(a1));
    assertEquals(2, table.indexOfName("a"), "newest entry with the name");
    table.add(new HeaderField("c", "4")); // evicts a:1
    assertEquals(0, table.indexOf(a1));
    assertEquals(3, table.indexOfName("a"));
    table.add(new HeaderField("d", "5")); // evicts a:2
    assertEquals(0, table.indexOfName("a"));
    assertEquals(3, table.indexOfName("b"));
  }
}
