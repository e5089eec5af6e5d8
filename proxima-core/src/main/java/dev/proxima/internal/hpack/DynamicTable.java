package dev.proxima.internal.hpack;

import java.util.HashMap;
import java.util.Map;

/**
 * The dynamic table of RFC 7541 §2.3.2 and §4: a FIFO of fields, newest at index 1, whose size
 * (§4.1: name + value octets + 32 per entry) never exceeds the capacity; adding evicts the oldest
 * entries (§4.4) and lowering the capacity evicts too (§4.3).
 *
 * <p>The encoder's table also keeps hash indexes from field and from name to the entry's
 * insertion number, so finding a match costs no scan; the decoder's table does not need them.
 * The ring and the indexes are made at the first entry: a connection that sends no headers
 * pays for none of them.
 */
final class DynamicTable {
  private static final int FIRST_RING_SIZE = 16;
  private static final HeaderField[] NO_FIELDS = new HeaderField[0];

  /**
   * Ring buffer; the newest entry is at {@code head - 1}, the oldest at {@code head - length}.
   * Empty (shared) until the first entry.
   */
  private HeaderField[] ring = NO_FIELDS;
  private int head;
  private int length;
  private long size;
  private int capacity;
  /** Number of entries ever added; entry number n is at index {@code added - n}. */
  private long added;

  private final boolean searchable;
  /** Made with the first entry of a searchable table. */
  private Map<HeaderField, Long> byField;
  private Map<String, Long> byName;

  /**
   * @param capacity initial maximum size in octets (§4.2)
   * @param searchable whether to keep the indexes {@link #indexOf} and {@link #indexOfName} need
   */
  DynamicTable(int capacity, boolean searchable) {
    this.capacity = capacity;
    this.searchable = searchable;
  }

  /** Number of entries. */
  int length() {
    return length;
  }

  /** Sum of the entries' sizes as §4.1 counts them. */
  long size() {
    return size;
  }

  /** Maximum size (§4.2). */
  int capacity() {
    return capacity;
  }

  /** Slots in the ring: 0 until the first entry (for tests). */
  int ringSize() {
    return ring.length;
  }

  /** The entry at {@code index}, 1 (newest) .. {@link #length()}. */
  HeaderField get(int index) {
    if (index < 1 || index > length) {
      throw new IndexOutOfBoundsException("index " + index + " outside 1.." + length);
    }
    return ring[(head - index) & (ring.length - 1)];
  }

  /**
   * Adds {@code field} as the newest entry, first evicting the oldest entries until it fits. A
   * field larger than the capacity empties the table and is not added (§4.4).
   */
  void add(HeaderField field) {
    long fieldSize = field.hpackSize();
    if (fieldSize > capacity) {
      clear();
      return;
    }
    while (size + fieldSize > capacity) {
      evictOldest();
    }
    if (length == ring.length) {
      grow();
    }
    if (searchable && byField == null) {
      byField = new HashMap<>();
      byName = new HashMap<>();
    }
    ring[head] = field;
    head = (head + 1) & (ring.length - 1);
    length++;
    size += fieldSize;
    long number = added++;
    if (byField != null) {
      byField.put(field, number);
      byName.put(field.name(), number);
    }
  }

  /** Sets the maximum size, evicting the oldest entries until the table fits (§4.3). */
  void setCapacity(int newCapacity) {
    capacity = newCapacity;
    while (size > capacity) {
      evictOldest();
    }
  }

  /** Evicts every entry. */
  void clear() {
    while (length > 0) {
      evictOldest();
    }
  }

  /** Index (1-based) of the newest entry equal to {@code field}, or 0; searchable tables only. */
  int indexOf(HeaderField field) {
    if (byField == null) {
      return 0;
    }
    Long number = byField.get(field);
    return number == null ? 0 : (int) (added - number);
  }

  /** Index (1-based) of the newest entry named {@code name}, or 0; searchable tables only. */
  int indexOfName(String name) {
    if (byName == null) {
      return 0;
    }
    Long number = byName.get(name);
    return number == null ? 0 : (int) (added - number);
  }

  private void evictOldest() {
    int slot = (head - length) & (ring.length - 1);
    HeaderField field = ring[slot];
    ring[slot] = null;
    length--;
    size -= field.hpackSize();
    if (byField != null) {
      // The indexes point at the newest entry with that key; forget it only if this was it.
      long number = added - length - 1;
      byField.remove(field, number);
      byName.remove(field.name(), number);
    }
  }

  private void grow() {
    HeaderField[] bigger = new HeaderField[Math.max(FIRST_RING_SIZE, ring.length * 2)];
    for (int i = 0; i < length; i++) {
      bigger[i] = ring[(head - length + i) & (ring.length - 1)];
    }
    ring = bigger;
    head = length;
  }
}
