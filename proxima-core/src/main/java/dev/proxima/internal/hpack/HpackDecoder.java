package dev.proxima.internal.hpack;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes HPACK header blocks (RFC 7541) received on one HTTP/2 connection. It holds the
 * connection's decoding context (the dynamic table, §2.2), so blocks must be decoded in the order
 * they arrive and every block must be decoded, even one whose stream is being discarded.
 *
 * <p>Hardened against hostile peers: integers are bounded (§5.1), Huffman strings validated
 * (§5.2), and the header list size (RFC 9113 §6.5.2) is enforced while decoding, so a small block
 * that references a large table entry many times fails without materialising the list.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
public final class HpackDecoder {
  /** Huffman strings whose decoded length may exceed this are measured before they are decoded. */
  private static final int EXACT_SIZE_ABOVE = 4096;

  private final DynamicTable table;
  /** The SETTINGS_HEADER_TABLE_SIZE we advertised: size updates may not exceed it (§4.2). */
  private int maxHeaderTableSize;
  private long maxHeaderListSize;
  /** Our limit went below the table's capacity, so the next block must start with an update. */
  private boolean sizeUpdateRequired;

  // Per-block state, reset by decode().
  private List<HeaderField> fields;
  private long listSize;
  private boolean listTooLarge;

  /**
   * Reused buffer for decoded strings, made at the first string that needs one; grows to the
   * longest decoded string, or to {@link #EXACT_SIZE_ABOVE} for shorter ones.
   */
  private byte[] scratch;
  /** The literal name and value being read; made at the first literal field. */
  private Literal name;
  private Literal value;
  /** Made at the first literal the peer does not index (see {@link RecentLiterals}). */
  private RecentLiterals recentLiterals;

  /**
   * @param maxHeaderTableSize our SETTINGS_HEADER_TABLE_SIZE (default 4096): the initial table
   *     capacity and the limit for the peer's size updates
   * @param maxHeaderListSize our SETTINGS_MAX_HEADER_LIST_SIZE, counted as RFC 9113 §6.5.2 does
   *     (sum of {@link HeaderField#hpackSize()})
   */
  public HpackDecoder(int maxHeaderTableSize, long maxHeaderListSize) {
    if (maxHeaderTableSize < 0 || maxHeaderListSize < 0) {
      throw new IllegalArgumentException("negative limit");
    }
    this.table = new DynamicTable(maxHeaderTableSize, false);
    this.maxHeaderTableSize = maxHeaderTableSize;
    this.maxHeaderListSize = maxHeaderListSize;
  }

  /**
   * Sets the table size limit we advertise (after the peer acknowledged the SETTINGS). If it is
   * below the table's current capacity, the peer's next block must begin with a dynamic table
   * size update not above it (RFC 7541 §4.2, RFC 9113 §4.3.1); otherwise that block fails.
   */
  public void setMaxHeaderTableSize(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    maxHeaderTableSize = size;
    if (size < table.capacity()) {
      sizeUpdateRequired = true;
    }
  }

  /** Sets the header list size limit (RFC 9113 §6.5.2) that following blocks must respect. */
  public void setMaxHeaderListSize(long size) {
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    maxHeaderListSize = size;
  }

  /**
   * Decodes one complete header block (the concatenated HEADERS/PUSH_PROMISE and CONTINUATION
   * fragments), consuming {@code block}, and updates the dynamic table.
   *
   * <p>Fields received as never indexed (§6.2.3) come back with {@code sensitive == true}.
   *
   * @throws HpackException with {@link HpackException#isHeaderListTooLarge()} true if the block is
   *     valid but its header list exceeds the limit (the table was still updated, so the
   *     connection can go on), or false if the block is malformed (COMPRESSION_ERROR)
   */
  public List<HeaderField> decode(ByteBuffer block) throws HpackException {
    fields = new ArrayList<>();
    listSize = 0;
    listTooLarge = false;
    boolean fieldSeen = false;
    while (block.hasRemaining()) {
      int first = block.get() & 0xff;
      if ((first & 0xe0) == 0x20) {
        // §6.3: only allowed before the first field of a block (§4.2).
        if (fieldSeen) {
          throw HpackException.compression("dynamic table size update after a header field");
        }
        int size = IntegerCodec.decode(block, first, 5);
        if (size > maxHeaderTableSize) {
          throw HpackException.compression(
              "dynamic table size update to " + size + " above the limit " + maxHeaderTableSize);
        }
        table.setCapacity(size);
        sizeUpdateRequired = false;
        continue;
      }
      if (sizeUpdateRequired) {
        throw HpackException.compression("expected a dynamic table size update after SETTINGS");
      }
      fieldSeen = true;
      if ((first & 0x80) != 0) {
        // §6.1 indexed header field.
        emit(entry(IntegerCodec.decode(block, first, 7)));
      } else if ((first & 0x40) != 0) {
        // §6.2.1 literal with incremental indexing.
        literal(block, IntegerCodec.decode(block, first, 6), true, false);
      } else {
        // §6.2.2 without indexing (0000xxxx) and §6.2.3 never indexed (0001xxxx).
        literal(block, IntegerCodec.decode(block, first, 4), false, (first & 0x10) != 0);
      }
    }
    List<HeaderField> result = fields;
    fields = null;
    if (listTooLarge) {
      throw HpackException.headerListTooLarge(
          "header list of " + listSize + " octets exceeds the limit " + maxHeaderListSize);
    }
    return result;
  }

  /** The dynamic table, for tests. */
  DynamicTable table() {
    return table;
  }

  /** The entry at {@code index} in the combined index space of §2.3.3. */
  private HeaderField entry(int index) throws HpackException {
    if (index == 0) {
      throw HpackException.compression("index 0");
    }
    if (index <= StaticTable.LENGTH) {
      return StaticTable.get(index);
    }
    int dynamicIndex = index - StaticTable.LENGTH;
    if (dynamicIndex > table.length()) {
      throw HpackException.compression(
          "index " + index + " beyond the table (" + (StaticTable.LENGTH + table.length()) + ")");
    }
    return table.get(dynamicIndex);
  }

  /** Adds a field to the list unless the list is, or would become, too large. */
  private void emit(HeaderField field) {
    if (account(field.hpackSize())) {
      fields.add(field);
    }
  }

  /** Counts a field of {@code size} octets; returns whether it may still be added to the list. */
  private boolean account(long size) {
    listSize += size;
    if (listTooLarge || listSize > maxHeaderListSize) {
      listTooLarge = true;
      return false;
    }
    return true;
  }

  /** The rest of a literal field (§6.2) whose name index has been read. */
  private void literal(ByteBuffer block, int nameIndex, boolean addToTable, boolean neverIndexed)
      throws HpackException {
    if (name == null) {
      name = new Literal();
      value = new Literal();
    }
    String nameString = null;
    if (nameIndex == 0) {
      name.read(block);
    } else {
      nameString = entry(nameIndex).name();
    }
    value.read(block);
    long nameLength = nameString != null ? nameString.length() : name.maxDecodedLength();
    long maxSize = nameLength + value.maxDecodedLength() + 32;
    boolean materialise;
    if (!listTooLarge && listSize + maxSize <= maxHeaderListSize) {
      // Common case: fits even in the worst case, decode straight away.
      materialise = true;
    } else {
      // Find the exact size without allocating, then keep the field only if it is needed: in the
      // list, or in the table (which bounds its size) to keep the HPACK state in sync.
      nameLength = nameString != null ? nameString.length() : name.decodedLength();
      long size = nameLength + value.decodedLength() + 32;
      boolean inList = !listTooLarge && listSize + size <= maxHeaderListSize;
      materialise = inList || (addToTable && size <= table.capacity());
      if (!materialise) {
        listSize += size;
        listTooLarge = true;
        if (addToTable) {
          table.clear(); // §4.4: an entry larger than the table empties it
        }
        return;
      }
    }
    if (nameString == null) {
      nameString = name.string();
    }
    HeaderField field;
    if (!addToTable && !neverIndexed && RecentLiterals.applies(nameIndex, value.length)) {
      if (recentLiterals == null) {
        recentLiterals = new RecentLiterals();
      }
      field = value.recalled(nameIndex);
      if (field == null) {
        field = new HeaderField(nameString, value.string(), false);
        value.remember(nameIndex, field);
      }
    } else {
      field = new HeaderField(nameString, value.string(), neverIndexed);
    }
    emit(field);
    if (addToTable) {
      table.add(field);
    }
  }

  /**
   * A string literal (§5.2) located in the block but not yet decoded, so that its size can be
   * known, and its validity checked, before anything is allocated for it.
   */
  private final class Literal {
    private ByteBuffer block;
    private int offset;
    private int length;
    private boolean huffman;
    private int decodedLength = -1;

    /** Reads the length prefix and skips over the octets. */
    void read(ByteBuffer in) throws HpackException {
      if (!in.hasRemaining()) {
        throw HpackException.compression("truncated header block: string expected");
      }
      int first = in.get() & 0xff;
      huffman = (first & 0x80) != 0;
      length = IntegerCodec.decode(in, first, 7);
      if (length > in.remaining()) {
        throw HpackException.compression(
            "truncated string: " + length + " octets announced, " + in.remaining() + " left");
      }
      block = in;
      offset = in.position();
      in.position(offset + length);
      decodedLength = huffman ? -1 : length;
    }

    /** An upper bound of the decoded length, known without decoding. */
    long maxDecodedLength() {
      return huffman ? Huffman.maxDecodedLength(length) : length;
    }

    /** The exact decoded length; validates a Huffman string without allocating. */
    int decodedLength() throws HpackException {
      if (decodedLength < 0) {
        decodedLength = Huffman.decode(block, offset, length, null);
      }
      return decodedLength;
    }

    /** The field {@link RecentLiterals} remembers for this value after name {@code nameIndex}. */
    HeaderField recalled(int nameIndex) {
      return recentLiterals.find(nameIndex, huffman, block, offset, length);
    }

    void remember(int nameIndex, HeaderField field) {
      recentLiterals.remember(nameIndex, huffman, block, offset, length, field);
    }

    String string() throws HpackException {
      if (!huffman) {
        if (block.hasArray()) {
          return new String(
              block.array(), block.arrayOffset() + offset, length, StandardCharsets.ISO_8859_1);
        }
        byte[] bytes = scratch(length);
        block.get(offset, bytes, 0, length);
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      }
      // A short string decodes into a buffer of its upper bound; a long one is measured first, so
      // the buffer grows to the longest field kept, not to 8/5 of the longest encoded one.
      long bound = Huffman.maxDecodedLength(length);
      byte[] bytes = scratch(bound <= EXACT_SIZE_ABOVE ? (int) bound : decodedLength());
      int n = Huffman.decode(block, offset, length, bytes);
      return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }
  }

  private byte[] scratch(int size) {
    if (scratch == null || scratch.length < size) {
      scratch = new byte[Math.max(size, scratch == null ? 256 : scratch.length * 2)];
    }
    return scratch;
  }
}
