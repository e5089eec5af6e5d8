package dev.proxima.internal.hpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HuffmanTest {
  @Test
  void canonicalCodesMatchAppendixB() {
    // Spot checks across lengths, straight from the RFC 7541 Appendix B table.
    assertCode(0, 0x1ff8, 13);
    assertCode(' ', 0x14, 6);
    assertCode('0', 0x0, 5);
    assertCode('a', 0x3, 5);
    assertCode('z', 0x7b, 7);
    assertCode('<', 0x7ffc, 15);
    assertCode(10, 0x3ffffffc, 30);
    assertCode(127, 0xffffffc, 28);
    assertCode(128, 0xfffe6, 20);
    assertCode(255, 0x3ffffee, 26);
    assertCode(Huffman.EOS, 0x3fffffff, 30);
  }

  private static void assertCode(int symbol, int code, int length) {
    assertEquals(length, Huffman.codeLength(symbol), "length of " + symbol);
    assertEquals(code, Huffman.code(symbol), "code of " + symbol);
  }

  @Test
  void encodesAppendixCStrings() {
    assertEncodes("www.example.com", "f1e3 c2e5 f23a 6ba0 ab90 f4ff");
    assertEncodes("no-cache", "a8eb 1064 9cbf");
    assertEncodes("custom-key", "25a8 49e9 5ba9 7d7f");
    assertEncodes("custom-value", "25a8 49e9 5bb8 e8b4 bf");
    assertEncodes("302", "6402");
    assertEncodes("307", "640e ff");
    assertEncodes("private", "aec3 771a 4b");
    assertEncodes("Mon, 21 Oct 2013 20:13:21 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff");
    assertEncodes("https://www.example.com", "9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3");
    assertEncodes("gzip", "9bd9 ab");
    assertEncodes(
        "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
        "94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587"
            + " 3160 65c0 03ed 4ee5 b106 3d50 07");
  }

  private static void assertEncodes(String text, String hex) {
    byte[] expected = Hex.bytes(hex);
    assertEquals(expected.length, Huffman.encodedLength(text));
    byte[] dst = new byte[expected.length];
    assertEquals(expected.length, Huffman.encode(text, dst));
    assertArrayEquals(expected, dst);
    assertEquals(text, decode(expected));
  }

  @Test
  void roundTripsEveryOctetValue() throws HpackException {
    StringBuilder all = new StringBuilder();
    for (int c = 0; c < 256; c++) {
      all.append((char) c);
    }
    String s = all.toString();
    byte[] encoded = new byte[Huffman.encodedLength(s)];
    Huffman.encode(s, encoded);
    assertEquals(s, decode(encoded));
  }

  @Test
  void roundTripsRandomStrings() {
    Random random = new Random(7541);
    for (int i = 0; i < 2000; i++) {
      char[] chars = new char[random.nextInt(40)];
      for (int j = 0; j < chars.length; j++) {
        chars[j] = (char) (random.nextBoolean() ? random.nextInt(256) : 'a' + random.nextInt(26));
      }
      String s = new String(chars);
      byte[] encoded = new byte[Huffman.encodedLength(s)];
      Huffman.encode(s, encoded);
      assertEquals(s, decode(encoded));
    }
  }

  @Test
  void emptyStringDecodesToNothing() throws HpackException {
    assertEquals(0, Huffman.decode(ByteBuffer.allocate(0), 0, 0, null));
  }

  @Test
  void countingWithoutOutputGivesTheDecodedLength() throws HpackException {
    assertEquals(15, Huffman.decode(Hex.buffer("f1e3 c2e5 f23a 6ba0 ab90 f4ff"), 0, 12, null));
  }

  @Test
  void eosInsideStringIsCompressionError() {
    // 'a' (00011) then the 30 one-bits of EOS, then a one-bit of padding: 36 bits.
    byte[] withEos = Hex.bytes("1fff ffff ff");
    HpackException e = assertThrows(HpackException.class, () -> decodeStrict(withEos));
    assertFalse(e.isHeaderListTooLarge());
    // EOS alone, padded: 30 ones + 2 ones.
    assertThrows(HpackException.class, () -> decodeStrict(Hex.bytes("ffff ffff")));
  }

  @Test
  void paddingLongerThanSevenBitsIsCompressionError() {
    // "0" is 00000 (5 bits) + 3 bits padding = 0x07; adding a full 0xff byte makes 11 bits.
    assertEquals("0", decode(Hex.bytes("07")));
    assertThrows(HpackException.class, () -> decodeStrict(Hex.bytes("07ff")));
    // A whole octet of padding with no symbol at all.
    assertThrows(HpackException.class, () -> decodeStrict(Hex.bytes("ff")));
  }

  @Test
  void paddingNotAllOnesIsCompressionError() {
    // "0" then padding 110 instead of 111.
    assertThrows(HpackException.class, () -> decodeStrict(Hex.bytes("06")));
    // "0" then padding 000: decodes as "0" + an incomplete code, not EOS's prefix.
    assertThrows(HpackException.class, () -> decodeStrict(Hex.bytes("00")));
  }

  private static String decode(byte[] encoded) {
    try {
      return decodeStrict(encoded);
    } catch (HpackException e) {
      throw new AssertionError(e);
    }
  }

  private static String decodeStrict(byte[] encoded) throws HpackException {
    byte[] out = new byte[(int) Huffman.maxDecodedLength(encoded.length)];
    int n = Huffman.decode(ByteBuffer.wrap(encoded), 0, encoded.length, out);
    assertEquals(n, Huffman.decode(ByteBuffer.wrap(encoded), 0, encoded.length, null));
    return new String(out, 0, n, StandardCharsets.ISO_8859_1);
  }
}
