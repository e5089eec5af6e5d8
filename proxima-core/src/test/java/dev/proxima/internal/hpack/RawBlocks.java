package dev.proxima.internal.hpack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proxima.internal.io.OutboundBuffer;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * HPACK blocks built by hand (RFC 7541 §5), down to what no encoder writes: prefix integers of any
 * size, Huffman string literals of any octets, and octets spelled out bit by bit; and the octets
 * our encoder writes for a list.
 */
final class RawBlocks {
  private RawBlocks() {}

  /** {@code value} with a {@code prefixBits}-bit prefix (§5.1), even one above 2^31-1. */
  static byte[] integer(int flags, int prefixBits, long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int max = (1 << prefixBits) - 1;
    if (value < max) {
      out.write(flags | (int) value);
      return out.toByteArray();
    }
    out.write(flags | max);
    for (value -= max; value >= 0x80; value >>>= 7) {
      out.write((int) (value & 0x7f) | 0x80);
    }
    out.write((int) value);
    return out.toByteArray();
  }

  /** A Huffman-coded string literal (§5.2) of the given octets. */
  static byte[] huffmanString(byte[] octets) {
    return concat(integer(0x80, 7, octets.length), octets);
  }

  /** Octets from a string of '0' and '1' whose length is a multiple of 8. */
  static byte[] bits(String bits) {
    assertEquals(0, bits.length() % 8, "whole octets");
    byte[] octets = new byte[bits.length() / 8];
    for (int i = 0; i < octets.length; i++) {
      octets[i] = (byte) Integer.parseInt(bits.substring(8 * i, 8 * i + 8), 2);
    }
    return octets;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] encode(HpackEncoder encoder, List<HeaderField> list) {
    OutboundBuffer out = new OutboundBuffer();
    encoder.encode(list, out);
    return out.toByteArray();
  }
}
