package dev.proxima.internal.hpack;

import dev.proxima.internal.io.OutboundBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Encodes header lists into HPACK header blocks (RFC 7541) for one HTTP/2 connection. It holds
 * the connection's encoding context (the dynamic table, §2.2), so blocks must be sent in the order
 * they were encoded.
 *
 * <p>Strategy: a field equal to a table entry is sent as an index (§6.1); other fields are sent as
 * literals with incremental indexing (§6.2.1), naming a table entry when one has the same name,
 * except fields too large to be worth a table slot, which go without indexing (§6.2.2). Sensitive
 * fields (flagged, or with a sensitive name) are always never-indexed literals (§6.2.3, §7.1.3),
 * so neither this table nor any intermediary's holds them. Strings use the Huffman code
 * (Appendix B) unless it is longer.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
public final class HpackEncoder {
  /** Our own bound for the table, whatever the peer allows: memory per connection is bounded. */
  static final int MAX_TABLE_SIZE = 4096;

  private static final Set<String> DEFAULT_SENSITIVE_NAMES =
      Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

  private final Set<String> sensitiveNames;
  private final boolean huffman;
  private final DynamicTable table = new DynamicTable(MAX_TABLE_SIZE, true);

  /** A capacity change is waiting to be signalled at the start of the next block (§4.2). */
  private boolean sizeUpdatePending;
  /** The smallest capacity since the last signal: it must be signalled too (§4.2). */
  private int smallestPendingSize;

  /** Reused buffer for encoded strings, made at the first string sent. */
  private byte[] scratch;

  /**
   * An encoder that treats {@code authorization}, {@code proxy-authorization}, {@code cookie} and
   * {@code set-cookie} as sensitive (RFC 7541 §7.1.3).
   */
  public HpackEncoder() {
    this(Set.of());
  }

  /**
   * An encoder that treats {@code extraSensitiveNames} (lower-case) as sensitive, in addition to
   * the defaults of {@link #HpackEncoder()}.
   */
  public HpackEncoder(Set<String> extraSensitiveNames) {
    this(extraSensitiveNames.isEmpty()
        ? DEFAULT_SENSITIVE_NAMES
        : union(DEFAULT_SENSITIVE_NAMES, extraSensitiveNames), true);
  }

  /**
   * For tests: exactly {@code sensitiveNames} are sensitive, and Huffman coding can be turned off
   * (to reproduce the examples of RFC 7541 Appendix C).
   */
  HpackEncoder(Set<String> sensitiveNames, boolean huffman) {
    this.sensitiveNames = Set.copyOf(sensitiveNames);
    this.huffman = huffman;
  }

  /**
   * Sets the peer's SETTINGS_HEADER_TABLE_SIZE. The table capacity becomes {@code min(peer,
   * 4096)}; if that changes, the next block starts with dynamic table size updates (RFC 7541
   * §6.3): the smallest capacity used since the previous block, then the final one (§4.2).
   */
  public void setMaxHeaderTableSize(int peerHeaderTableSize) {
    if (peerHeaderTableSize < 0) {
      throw new IllegalArgumentException("negative size " + peerHeaderTableSize);
    }
    int newSize = Math.min(peerHeaderTableSize, MAX_TABLE_SIZE);
    if (newSize == table.capacity() && !sizeUpdatePending) {
      return;
    }
    smallestPendingSize = sizeUpdatePending ? Math.min(smallestPendingSize, newSize) : newSize;
    sizeUpdatePending = true;
    // Evicting now is safe: entries are only referenced by blocks encoded from now on, which
    // start with the update.
    table.setCapacity(newSize);
  }

  /**
   * Encodes {@code headers} as one header block appended to {@code out}, and updates the dynamic
   * table.
   *
   * @throws IllegalArgumentException if a name or value has a char above U+00FF (not ISO-8859-1);
   *     checked before anything is written or the table changes, so the context stays consistent
   */
  public void encode(List<HeaderField> headers, OutboundBuffer out) {
    // Indexed loops: a header block per call, and an iterator per loop was garbage each time.
    int n = headers.size();
    for (int i = 0; i < n; i++) {
      HeaderField field = headers.get(i);
      requireLatin1(field.name());
      requireLatin1(field.value());
    }
    if (sizeUpdatePending) {
      if (smallestPendingSize < table.capacity()) {
        IntegerCodec.encode(out, 0x20, 5, smallestPendingSize);
      }
      IntegerCodec.encode(out, 0x20, 5, table.capacity());
      sizeUpdatePending = false;
    }
    for (int i = 0; i < n; i++) {
      encodeField(headers.get(i), out);
    }
  }

  /** The dynamic table, for tests. */
  DynamicTable table() {
    return table;
  }

  private void encodeField(HeaderField field, OutboundBuffer out) {
    String name = field.name();
    if (field.sensitive() || sensitiveNames.contains(name)) {
      // §6.2.3: 0001xxxx; never added to any table, here or downstream.
      writeLiteral(out, 0x10, 4, nameIndex(name), field);
      return;
    }
    int index = StaticTable.indexOf(field);
    if (index == 0) {
      int dynamicIndex = table.indexOf(field);
      if (dynamicIndex != 0) {
        index = StaticTable.LENGTH + dynamicIndex;
      }
    }
    if (index != 0) {
      IntegerCodec.encode(out, 0x80, 7, index); // §6.1
      return;
    }
    if (field.hpackSize() > table.capacity() / 2) {
      // A field taking more than half the table would evict much for little chance of reuse.
      writeLiteral(out, 0x00, 4, nameIndex(name), field); // §6.2.2
      return;
    }
    writeLiteral(out, 0x40, 6, nameIndex(name), field); // §6.2.1
    table.add(field);
  }

  /** Index of a table entry with this name (static preferred: smaller), or 0 for a literal name. */
  private int nameIndex(String name) {
    int index = StaticTable.indexOfName(name);
    if (index == 0) {
      int dynamicIndex = table.indexOfName(name);
      if (dynamicIndex != 0) {
        index = StaticTable.LENGTH + dynamicIndex;
      }
    }
    return index;
  }

  private void writeLiteral(
      OutboundBuffer out, int flags, int prefixBits, int nameIndex, HeaderField field) {
    IntegerCodec.encode(out, flags, prefixBits, nameIndex);
    if (nameIndex == 0) {
      writeString(out, field.name());
    }
    writeString(out, field.value());
  }

  /**
   * §5.2: a length-prefixed string, Huffman-coded unless that is longer (at equal length Huffman
   * is used, as the examples of Appendix C do).
   */
  private void writeString(OutboundBuffer out, String s) {
    int length = s.length();
    if (huffman && length > 0) {
      int huffmanLength = Huffman.encodedLength(s);
      if (huffmanLength <= length) {
        IntegerCodec.encode(out, 0x80, 7, huffmanLength);
        out.write(scratch(huffmanLength), 0, Huffman.encode(s, scratch));
        return;
      }
    }
    IntegerCodec.encode(out, 0x00, 7, length);
    byte[] bytes = scratch(length);
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) s.charAt(i);
    }
    out.write(bytes, 0, length);
  }

  private byte[] scratch(int size) {
    if (scratch == null || scratch.length < size) {
      scratch = new byte[Math.max(size, scratch == null ? 128 : scratch.length * 2)];
    }
    return scratch;
  }

  private static void requireLatin1(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (s.charAt(i) > 0xff) {
        throw new IllegalArgumentException("not an ISO-8859-1 header string: " + s);
      }
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
