package dev.proxima.internal.hpack;

import static dev.proxima.internal.hpack.RawBlocks.concat;
import static dev.proxima.internal.hpack.RawBlocks.encode;
import static dev.proxima.internal.hpack.RawBlocks.integer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Case 1's inputs for {@link HpackDecoderHostileInputTest}: random octets, many of them at the
 * edges of the representations' bit patterns, and blocks of well-formed-looking representations
 * with parameters that are often just wrong.
 */
final class RandomBlocks {
  /** Octets at the edges of the representations' bit patterns (§6) and of prefix integers. */
  private static final int[] EDGE_OCTETS = {
    0x00, 0x01, 0x0f, 0x10, 0x1f, 0x20, 0x3f, 0x40, 0x41, 0x7e, 0x7f, 0x80, 0x81, 0xbe, 0xbf, 0xff
  };

  /** A block that adds a few entries to the table (those that fit), and is itself valid. */
  static final byte[] PRIMER = encode(new HpackEncoder(), RfcExamplesTest.fields(
      "x-a", "1", "x-b", "22", "content-type", "application/grpc", "grpc-status", "0"));

  private RandomBlocks() {}

  static byte[] randomOctets(Random random) {
    byte[] block = new byte[random.nextInt(10) == 0 ? random.nextInt(2000) : random.nextInt(24)];
    if (random.nextBoolean()) {
      random.nextBytes(block);
    } else {
      for (int i = 0; i < block.length; i++) {
        block[i] = (byte) (random.nextInt(4) == 0
            ? random.nextInt(256)
            : EDGE_OCTETS[random.nextInt(EDGE_OCTETS.length)]);
      }
    }
    return block;
  }

  /**
   * A block of well-formed-looking representations (§6) with parameters that are often just wrong:
   * indices near the end of the table, sizes near the limit, lengths off by one, bad Huffman.
   */
  static byte[] randomRepresentations(Random random, CheckedConnection c) {
    int lastIndex = StaticTable.LENGTH + c.reference.table().length();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int n = random.nextInt(9); n > 0; n--) {
      int kind = random.nextInt(10);
      if (kind == 0) {
        long size = switch (random.nextInt(4)) {
          case 0 -> 0;
          case 1 -> random.nextInt(c.maxTableSize + 1);
          case 2 -> c.maxTableSize + random.nextInt(2);
          default -> Integer.MAX_VALUE;
        };
        out.writeBytes(integer(0x20, 5, size));
      } else if (kind <= 3) {
        out.writeBytes(integer(0x80, 7, random.nextInt(lastIndex + 3)));
      } else {
        int[] flagsAndPrefix = switch (random.nextInt(3)) {
          case 0 -> new int[] {0x40, 6};
          case 1 -> new int[] {0x00, 4};
          default -> new int[] {0x10, 4};
        };
        int nameIndex = random.nextBoolean() ? 0 : random.nextInt(lastIndex + 2);
        out.writeBytes(integer(flagsAndPrefix[0], flagsAndPrefix[1], nameIndex));
        if (nameIndex == 0) {
          out.writeBytes(randomString(random, 1 + random.nextInt(20)));
        }
        int valueLength = random.nextInt(10) == 0 ? random.nextInt(3000) : random.nextInt(40);
        out.writeBytes(randomString(random, valueLength));
      }
    }
    return out.toByteArray();
  }

  /** A string literal (§5.2) of {@code length} chars, raw or Huffman, now and then malformed. */
  private static byte[] randomString(Random random, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = (char) (random.nextInt(4) == 0 ? random.nextInt(256) : 'a' + random.nextInt(26));
    }
    String s = new String(chars);
    byte[] octets;
    boolean huffman = random.nextBoolean();
    if (huffman) {
      octets = new byte[Huffman.encodedLength(s)];
      Huffman.encode(s, octets);
    } else {
      octets = s.getBytes(StandardCharsets.ISO_8859_1);
    }
    int flaw = random.nextInt(20);
    if (flaw == 0 && octets.length > 0) {
      // Garbled: a Huffman string may no longer decode.
      octets[random.nextInt(octets.length)] = (byte) random.nextInt(256);
    }
    int announced = octets.length + (flaw == 1 ? 1 : flaw == 2 ? -Math.min(1, octets.length) : 0);
    return concat(integer(huffman ? 0x80 : 0x00, 7, announced), octets);
  }
}
