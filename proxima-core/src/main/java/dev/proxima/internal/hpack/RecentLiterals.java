package dev.proxima.internal.hpack;

import java.nio.ByteBuffer;

/**
 * The last few fields a peer sent as literals without indexing (RFC 7541 §6.2.2), with a name from
 * the static table, remembered by the octets of their value as encoded: a peer that repeats such a
 * field gets the same {@link HeaderField} back instead of a new string per request. nghttp2 never
 * indexes {@code :path}, so h2load, curl and proxies built on it send every request's path this
 * way. Never-indexed (sensitive, §6.2.3) fields are not remembered.
 *
 * <p>Not thread-safe: owned by one decoder.
 */
final class RecentLiterals {
  /** Fields remembered; the oldest is replaced. */
  private static final int SIZE = 4;
  /** Longer values are not remembered: the memory stays bounded and the comparisons short. */
  static final int MAX_ENCODED_LENGTH = 256;

  private final int[] nameIndex = new int[SIZE];
  private final boolean[] huffman = new boolean[SIZE];
  private final byte[][] encoded = new byte[SIZE][];
  private final HeaderField[] fields = new HeaderField[SIZE];
  private int next;

  /** Whether a literal with this name index and value length is one to look up and remember. */
  static boolean applies(int staticNameIndex, int encodedLength) {
    return staticNameIndex > 0 && staticNameIndex <= StaticTable.LENGTH
        && encodedLength <= MAX_ENCODED_LENGTH;
  }

  /**
   * The field remembered for static name {@code nameIndex} and a value encoded as the {@code
   * length} octets of {@code block} from {@code offset} ({@code huffman}-coded or not), or null.
   */
  HeaderField find(int nameIndex, boolean huffman, ByteBuffer block, int offset, int length) {
    for (int i = 0; i < SIZE; i++) {
      if (fields[i] != null && this.nameIndex[i] == nameIndex && this.huffman[i] == huffman
          && sameOctets(encoded[i], block, offset, length)) {
        return fields[i];
      }
    }
    return null;
  }

  /** Remembers {@code field}, decoded from the octets {@link #find} compares, in place of the oldest. */
  void remember(int nameIndex, boolean huffman, ByteBuffer block, int offset, int length,
      HeaderField field) {
    byte[] octets = new byte[length];
    block.get(offset, octets, 0, length);
    this.nameIndex[next] = nameIndex;
    this.huffman[next] = huffman;
    encoded[next] = octets;
    fields[next] = field;
    next = (next + 1) % SIZE;
  }

  private static boolean sameOctets(byte[] octets, ByteBuffer block, int offset, int length) {
    if (octets.length != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (octets[i] != block.get(offset + i)) {
        return false;
      }
    }
    return true;
  }
}
