package dev.proxima.internal.hpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.proxima.internal.io.OutboundBuffer;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** RFC 7541 §5.1 and the examples of Appendix C.1. */
class IntegerCodecTest {
  @Test
  void c11Encodes10WithFiveBitPrefix() throws HpackException {
    assertRoundTrip(10, 5, "0a");
  }

  @Test
  void c12Encodes1337WithFiveBitPrefix() throws HpackException {
    assertRoundTrip(1337, 5, "1f9a0a");
  }

  @Test
  void c13Encodes42AtAnOctetBoundary() throws HpackException {
    assertRoundTrip(42, 8, "2a");
  }

  @Test
  void valueEqualToFullPrefixNeedsAZeroContinuation() throws HpackException {
    assertRoundTrip(31, 5, "1f00");
    assertRoundTrip(127, 7, "7f00");
  }

  @Test
  void flagsAbovePrefixArePreservedAndIgnored() throws HpackException {
    OutboundBuffer out = new OutboundBuffer();
    IntegerCodec.encode(out, 0x80, 7, 62);
    assertArrayEquals(Hex.bytes("be"), out.toByteArray());
    ByteBuffer in = Hex.buffer("be");
    assertEquals(62, IntegerCodec.decode(in, in.get() & 0xff, 7));
  }

  @Test
  void largestIntegerIsAccepted() throws HpackException {
    assertRoundTrip(Integer.MAX_VALUE, 5, "1fe0ffffff07");
    assertRoundTrip(Integer.MAX_VALUE, 1, "01feffffff07");
  }

  @Test
  void integerAbove2To31Minus1IsCompressionError() {
    // 2^31 with a 5-bit prefix: 31 + 2147483617.
    assertRejected("1fe1ffffff07");
    // Huge value in the fifth continuation octet.
    assertRejected("1fffffffff7f");
  }

  @Test
  void integerEncodingTooLongIsCompressionError() {
    // Value 31 padded with zero continuation groups: harmless value, pointless length.
    assertRejected("1f8080808080 00");
    assertRejected("1f8080808080 8000");
  }

  @Test
  void truncatedIntegerIsCompressionError() {
    assertRejected("1f");
    assertRejected("1f9a");
  }

  private static void assertRoundTrip(int value, int prefixBits, String hex)
      throws HpackException {
    OutboundBuffer out = new OutboundBuffer();
    IntegerCodec.encode(out, 0, prefixBits, value);
    assertArrayEquals(Hex.bytes(hex), out.toByteArray());
    ByteBuffer in = Hex.buffer(hex);
    assertEquals(value, IntegerCodec.decode(in, in.get() & 0xff, prefixBits));
    assertFalse(in.hasRemaining());
  }

  private static void assertRejected(String hex) {
    ByteBuffer in = Hex.buffer(hex);
    HpackException e =
        assertThrows(HpackException.class, () -> IntegerCodec.decode(in, in.get() & 0xff, 5));
    assertFalse(e.isHeaderListTooLarge());
  }
}
