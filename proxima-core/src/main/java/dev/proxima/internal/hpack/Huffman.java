package dev.proxima.internal.hpack;

import java.nio.ByteBuffer;

/**
 * The static Huffman code of RFC 7541 Appendix B, used for string literals (§5.2).
 *
 * <p>Only the code lengths are written down: the code is canonical (codes of one length are
 * consecutive and ordered by symbol, shorter codes come first), so the codes themselves follow
 * from the lengths. Decoding runs a state machine over 4-bit nibbles built once from the code
 * tree: a state is an internal tree node, and because the shortest code has 5 bits a nibble emits
 * at most one symbol.
 */
final class Huffman {
  /** Symbol 256, end of string; it must never appear inside an encoded string. */
  static final int EOS = 256;

  /** Code length in bits of symbols 0..256, from RFC 7541 Appendix B. */
  private static final byte[] LENGTHS = {
    13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
    28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
    5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
    13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
    7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
    15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
    6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
    20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
    24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
    22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
    21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
    26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
    19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
    20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
    26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
    30
  };

  /** Code of each symbol, right-aligned in an int (the longest code has 30 bits). */
  private static final int[] CODES = canonicalCodes();

  // Decoder state machine. An entry of TRANSITIONS, indexed by (state << 4 | nibble), packs the
  // next state (bits 0-8), the emitted symbol (bits 9-16) and two flags.
  private static final int STATE_MASK = 0x1ff;
  private static final int SYMBOL_SHIFT = 9;
  private static final int EMITS = 1 << 17;
  private static final int HITS_EOS = 1 << 18;
  private static final int[] TRANSITIONS;
  /**
   * States where a string may end: the root (the last code was complete) or a node reached from
   * it by at most 7 one-bits, which is valid padding (a prefix of EOS, shorter than a byte).
   */
  private static final boolean[] ACCEPTING;

  static {
    // Build the code tree: child[2 * node + bit] is an internal node id (> 0) or ~symbol (< 0).
    // 257 leaves need exactly 256 internal nodes since the code is complete; the root is node 0.
    int[] child = new int[2 * 256];
    int nodes = 1;
    for (int sym = 0; sym <= EOS; sym++) {
      int node = 0;
      for (int bit = LENGTHS[sym] - 1; bit > 0; bit--) {
        int slot = 2 * node + ((CODES[sym] >>> bit) & 1);
        if (child[slot] == 0) {
          child[slot] = nodes++;
        }
        node = child[slot];
      }
      child[2 * node + (CODES[sym] & 1)] = ~sym;
    }
    TRANSITIONS = new int[nodes * 16];
    for (int state = 0; state < nodes; state++) {
      for (int nibble = 0; nibble < 16; nibble++) {
        int node = state;
        int entry = 0;
        for (int bit = 3; bit >= 0; bit--) {
          int next = child[2 * node + ((nibble >>> bit) & 1)];
          if (next < 0) {
            int sym = ~next;
            if (sym == EOS) {
              entry |= HITS_EOS;
            } else {
              entry |= EMITS | (sym << SYMBOL_SHIFT);
            }
            node = 0;
          } else {
            node = next;
          }
        }
        TRANSITIONS[(state << 4) | nibble] = entry | node;
      }
    }
    ACCEPTING = new boolean[nodes];
    ACCEPTING[0] = true;
    for (int depth = 1, node = child[1]; depth <= 7; depth++, node = child[2 * node + 1]) {
      ACCEPTING[node] = true;
    }
  }

  private Huffman() {}

  /** Code length in bits of {@code symbol} (0..256). */
  static int codeLength(int symbol) {
    return LENGTHS[symbol];
  }

  /** Code of {@code symbol} (0..256), right-aligned. */
  static int code(int symbol) {
    return CODES[symbol];
  }

  /** Octets needed to Huffman-encode {@code s}, whose chars must all be ISO-8859-1. */
  static int encodedLength(String s) {
    long bits = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      bits += LENGTHS[s.charAt(i)];
    }
    return (int) ((bits + 7) >>> 3);
  }

  /**
   * Encodes {@code s} (ISO-8859-1 chars) into {@code dst} from index 0, padding the last octet
   * with the most significant bits of EOS (all ones), and returns the number of octets written,
   * which is {@link #encodedLength}.
   */
  static int encode(String s, byte[] dst) {
    // At most 7 pending bits plus one 30-bit code: fits a long. Bits above the pending ones are
    // stale but never read.
    long pending = 0;
    int pendingBits = 0;
    int out = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      int sym = s.charAt(i);
      pending = (pending << LENGTHS[sym]) | CODES[sym];
      pendingBits += LENGTHS[sym];
      while (pendingBits >= 8) {
        pendingBits -= 8;
        dst[out++] = (byte) (pending >>> pendingBits);
      }
    }
    if (pendingBits > 0) {
      dst[out++] = (byte) ((pending << (8 - pendingBits)) | (0xff >>> pendingBits));
    }
    return out;
  }

  /** Most octets {@code encodedLength} Huffman-coded octets can decode to (shortest code: 5 bits). */
  static long maxDecodedLength(int encodedLength) {
    return encodedLength * 8L / 5;
  }

  /**
   * Decodes {@code length} octets of {@code src} starting at absolute index {@code from} (the
   * buffer's position is not used or moved) and returns the number of decoded octets. With
   * {@code dst == null} it only validates and counts, allocating nothing; otherwise {@code dst}
   * needs {@link #maxDecodedLength} free octets from index 0.
   *
   * @throws HpackException if the string contains EOS or its padding is longer than 7 bits or not
   *     a prefix of EOS (RFC 7541 §5.2)
   */
  static int decode(ByteBuffer src, int from, int length, byte[] dst) throws HpackException {
    int state = 0;
    int out = 0;
    for (int i = from, end = from + length; i < end; i++) {
      int b = src.get(i) & 0xff;
      int e = TRANSITIONS[(state << 4) | (b >>> 4)];
      if ((e & (EMITS | HITS_EOS)) != 0) {
        if ((e & HITS_EOS) != 0) {
          throw HpackException.compression("Huffman string contains EOS");
        }
        if (dst != null) {
          dst[out] = (byte) (e >>> SYMBOL_SHIFT);
        }
        out++;
      }
      state = e & STATE_MASK;
      e = TRANSITIONS[(state << 4) | (b & 0x0f)];
      if ((e & (EMITS | HITS_EOS)) != 0) {
        if ((e & HITS_EOS) != 0) {
          throw HpackException.compression("Huffman string contains EOS");
        }
        if (dst != null) {
          dst[out] = (byte) (e >>> SYMBOL_SHIFT);
        }
        out++;
      }
      state = e & STATE_MASK;
    }
    if (!ACCEPTING[state]) {
      throw HpackException.compression("Huffman padding longer than 7 bits or not all ones");
    }
    return out;
  }

  /** Assigns canonical codes: ordered by (length, symbol), each code one more than the previous. */
  private static int[] canonicalCodes() {
    int[] codes = new int[LENGTHS.length];
    int code = 0;
    int previousLength = 0;
    for (int length = 1; length <= 30; length++) {
      for (int sym = 0; sym < LENGTHS.length; sym++) {
        if (LENGTHS[sym] == length) {
          code <<= length - previousLength;
          previousLength = length;
          codes[sym] = code++;
        }
      }
    }
    return codes;
  }
}
