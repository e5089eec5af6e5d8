package dev.proxima.internal.hpack;

import static dev.proxima.internal.hpack.RawBlocks.bits;
import static dev.proxima.internal.hpack.RawBlocks.concat;
import static dev.proxima.internal.hpack.RawBlocks.huffmanString;
import static dev.proxima.internal.hpack.RawBlocks.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The decoder against what a broken or hostile peer can send, one rule at a time: the rules of
 * RFC 7541 such a peer tests (§5.1 integers, §5.2 strings and Huffman, §2.3.3 indices, §4.2 size
 * updates) and RFC 9113's header list limit. A malformed block must throw an {@link
 * HpackException} the connection answers with COMPRESSION_ERROR; a list over the limit fails the
 * stream and leaves the dynamic table in step. {@link HpackDecoderHostileInputTest} puts the same
 * rules to seeded random input.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HpackDecoderRulesTest {
  // §5.1: integers.

  @Test
  void integerAbove31BitsIsCompressionErrorNotAWrappedIndex() {
    HpackDecoder decoder = new HpackDecoder(4096, 8192);
    // 2^32 + 2 wraps to 2 (:method GET) in 32-bit arithmetic; it must not be taken for it.
    assertCompressionError(decoder, integer(0x80, 7, (1L << 32) + 2));
    assertCompressionError(decoder, integer(0x80, 7, 1L << 31));
    assertCompressionError(decoder, integer(0x40, 6, 1L << 31));
    HpackException e = assertCompressionError(decoder, integer(0x80, 7, Integer.MAX_VALUE));
    assertTrue(e.getMessage().contains("2147483647"), e.getMessage());
  }

  @Test
  void integerWithMoreContinuationOctetsThanA31BitValueNeedsIsCompressionError()
      throws HpackException {
    HpackDecoder decoder = new HpackDecoder(4096, 8192);
    // Five continuation octets carry 35 bits: allowed even when zero-padded (size update to 31).
    assertFields(decoder, "3f 80 80 80 80 00 82", ":method", "GET");
    assertEquals(31, decoder.table().capacity());
    assertCompressionError(decoder, Hex.bytes("3f 80 80 80 80 80 00 82"));
    // A run of continuation octets cannot make the decoder spin through the block.
    byte[] run = new byte[1 << 20];
    Arrays.fill(run, (byte) 0x80);
    run[0] = (byte) 0xff;
    ByteBuffer block = ByteBuffer.wrap(run);
    assertThrows(HpackException.class, () -> new HpackDecoder(4096, 8192).decode(block));
    assertTrue(block.position() <= 7, "read " + block.position() + " octets of one integer");
  }

  // §5.2: string literals.

  @Test
  void stringLengthBeyondTheBlockIsCompressionErrorWithoutAllocatingIt() {
    // No limits that would stop it earlier: only the octets left in the block can.
    HpackDecoder decoder = new HpackDecoder(Integer.MAX_VALUE, Long.MAX_VALUE);
    byte[] tail = new byte[10];
    for (String prefix : List.of("40", "00", "10", "41")) {
      for (int huffman : new int[] {0x00, 0x80}) {
        byte[] block = concat(Hex.bytes(prefix), integer(huffman, 7, Integer.MAX_VALUE), tail);
        long before = allocatedBytes();
        assertCompressionError(decoder, block);
        long allocated = allocatedBytes() - before;
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " for " + Hex.of(block));
      }
    }
  }

  @Test
  void stringLargerThanTheHeaderListLimitIsSkippedNotMaterialised() throws HpackException {
    // RFC 9113 §10.5.1 and RFC 7541 §4.4: a 1 MB indexed literal under a 16 KB list limit and a
    // 4 KB table fails the stream, and still empties the table as an oversized entry does.
    HpackDecoder decoder = new HpackDecoder(4096, 16 * 1024);
    assertFields(decoder, "4001 6101 62", "a", "b");
    byte[] value = new byte[1 << 20];
    Arrays.fill(value, (byte) 'v');
    ByteBuffer block =
        ByteBuffer.wrap(concat(Hex.bytes("40 01 78"), integer(0, 7, value.length), value));
    long before = allocatedBytes();
    HpackException e = assertThrows(HpackException.class, () -> decoder.decode(block));
    long allocated = allocatedBytes() - before;
    assertTrue(e.isHeaderListTooLarge(), e.getMessage());
    assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes");
    assertFalse(block.hasRemaining(), "whole block consumed");
    assertEquals(0, decoder.table().length());
    assertCompressionError(decoder, Hex.bytes("be"));
  }

  // §5.2 and Appendix B: 'a' is 00011, EOS is thirty 1 bits; padding is at most 7 bits of EOS.

  @Test
  void huffmanStringContainingEosIsCompressionError() {
    byte[] aEosA = bits("00011" + "1".repeat(30) + "00011"); // 40 bits, no padding
    HpackDecoder decoder = new HpackDecoder(4096, 8192);
    assertCompressionError(decoder, concat(Hex.bytes("40 01 78"), huffmanString(aEosA)));
    assertCompressionError(decoder, concat(Hex.bytes("40"), huffmanString(aEosA), Hex.bytes("00")));
    assertCompressionError(decoder, concat(Hex.bytes("41"), huffmanString(bits("1".repeat(32)))));
    // Also in a field that is not kept because the list is already over the limit.
    HpackDecoder tiny = new HpackDecoder(4096, 40);
    assertCompressionError(tiny, concat(Hex.bytes("82 82 0f10"), huffmanString(aEosA)));
  }

  @Test
  void huffmanPaddingLongerThanSevenBitsIsCompressionError() {
    HpackDecoder decoder = new HpackDecoder(4096, 8192);
    byte[] aAnd11Ones = bits("00011" + "1".repeat(11));
    assertCompressionError(decoder, concat(Hex.bytes("41"), huffmanString(aAnd11Ones)));
    assertCompressionError(decoder, concat(Hex.bytes("41"), huffmanString(bits("1".repeat(8)))));
  }

  @Test
  void huffmanPaddingNotAllOnesIsCompressionError() {
    HpackDecoder decoder = new HpackDecoder(4096, 8192);
    assertCompressionError(decoder, concat(Hex.bytes("41"), huffmanString(bits("00011" + "110"))));
    assertCompressionError(decoder, concat(Hex.bytes("41"), huffmanString(bits("00011" + "011"))));
  }

  @Test
  void huffmanPaddingOfUpToSevenOnesIsAccepted() throws HpackException {
    HpackDecoder decoder = new HpackDecoder(4096, 8192);
    assertEquals("1f", Hex.of(bits("00011" + "111")));
    assertFields(decoder, "01 81 1f", ":authority", "a");
    assertFields(decoder, "01 80", ":authority", ""); // the empty Huffman string
  }

  // §2.3.3, §6.1: indices.

  @Test
  void indexZeroIsCompressionErrorEvenWhenTheListIsAlreadyTooLarge() {
    assertCompressionError(new HpackDecoder(4096, 8192), Hex.bytes("80"));
    assertCompressionError(new HpackDecoder(4096, 40), Hex.bytes("82 82 80"));
  }

  @Test
  void indexBeyondStaticAndDynamicTableIsCompressionErrorAlsoAfterEviction() throws HpackException {
    HpackDecoder decoder = new HpackDecoder(4096, 8192);
    assertFields(decoder, "4001 6101 62 4001 6301 64", "a", "b", "c", "d"); // c:d at 62, a:b at 63
    assertFields(decoder, "bf", "a", "b");
    // A size update to 34 octets keeps only the newest entry (§4.3).
    assertFields(decoder, "3f03 be", "c", "d");
    assertCompressionError(decoder, Hex.bytes("bf"));
    for (String nameIndex63 : List.of("7f00 0178", "0f30 0178", "1f30 0178")) {
      assertCompressionError(decoder, Hex.bytes(nameIndex63));
    }
  }

  // §4.2, §6.3: dynamic table size updates.

  @Test
  void sizeUpdateAboveTheSettingsLimitIsCompressionError() {
    HpackDecoder decoder = new HpackDecoder(4096, 8192);
    decoder.setMaxHeaderTableSize(100);
    assertCompressionError(decoder, Hex.bytes("3f46 82")); // 101
    assertCompressionError(new HpackDecoder(0, 8192), Hex.bytes("21 82"));
    assertCompressionError(new HpackDecoder(4096, 8192), integer(0x20, 5, Integer.MAX_VALUE));
  }

  @Test
  void sizeUpdateAfterTheFirstFieldIsCompressionError() {
    for (String block : List.of("82 20", "20 82 20", "4001 6101 62 3f45", "0001 6101 62 20 82")) {
      assertCompressionError(new HpackDecoder(4096, 8192), Hex.bytes(block));
    }
  }

  // RFC 9113 §6.5.2, §10.5.1: the header list limit fails the stream, not the connection.

  @Test
  void headerListOverTheLimitIsDecodedToTheEndAndKeepsTheTableInSync() throws HpackException {
    HpackDecoder decoder = new HpackDecoder(4096, 40);
    HpackDecoder reference = new HpackDecoder(4096, Long.MAX_VALUE);
    // Size update to 200, then: a:b (34, fits), c:d indexed (68, over the limit), a literal named
    // by entry 62 (c) with value e, indexed; a reference to entry 63; a never-indexed literal.
    byte[] block = Hex.bytes("3f a9 01  4001 6101 62  4001 6301 64  7e 01 65  bf  1001 7801 79");
    ByteBuffer buffer = ByteBuffer.wrap(block);
    HpackException e = assertThrows(HpackException.class, () -> decoder.decode(buffer));
    assertTrue(e.isHeaderListTooLarge(), e.getMessage());
    assertFalse(buffer.hasRemaining(), "whole block consumed");
    List<HeaderField> all = RfcExamplesTest.fields("a", "b", "c", "d", "c", "e", "c", "d");
    all.add(new HeaderField("x", "y", true));
    assertEquals(all, reference.decode(ByteBuffer.wrap(block)));
    assertSameTable(reference.table(), decoder.table());
    assertEquals(200, decoder.table().capacity());
    // The next blocks on the connection reference what the failed one added.
    assertFields(decoder, "be", "c", "e");
    assertFields(decoder, "bf", "c", "d");
    assertFields(decoder, "c0", "a", "b");
  }

  private static void assertSameTable(DynamicTable expected, DynamicTable actual) {
    assertTrue(CheckedConnection.sameTable(expected, actual), "tables out of step");
  }

  private static HpackException assertCompressionError(HpackDecoder decoder, byte[] block) {
    HpackException e = assertThrows(
        HpackException.class, () -> decoder.decode(ByteBuffer.wrap(block)), () -> Hex.of(block));
    assertFalse(e.isHeaderListTooLarge(), e.getMessage());
    return e;
  }

  private static void assertFields(HpackDecoder decoder, String hex, String... namesAndValues)
      throws HpackException {
    assertEquals(RfcExamplesTest.fields(namesAndValues), decoder.decode(Hex.buffer(hex)), hex);
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
