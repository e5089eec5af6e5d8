package dev.proxima.internal.hpack;

import static dev.proxima.internal.hpack.RfcExamplesTest.assertTable;
import static dev.proxima.internal.hpack.RfcExamplesTest.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HpackDecoderTest {
  private final HpackDecoder decoder = new HpackDecoder(4096, 8192);

  @Test
  void aDecoderThatSawOnlyIndexedFieldsHoldsNoTable() throws HpackException {
    HpackDecoder fresh = new HpackDecoder(4096, 8192);
    assertEquals(0, fresh.table().ringSize());
    assertEquals(fields(":method", "GET"), fresh.decode(Hex.buffer("82")));
    assertEquals(0, fresh.table().ringSize());
  }

  // §6.2.2: a peer that never indexes a field (nghttp2 and :path) sends it as a literal each time.

  @Test
  void aRepeatedLiteralWithoutIndexingDecodesToTheSameFieldAndLeavesTheTableAlone()
      throws HpackException {
    HeaderField first = decoder.decode(Hex.buffer("04 05 2f612f6263")).get(0); // :path /a/bc
    HeaderField again = decoder.decode(Hex.buffer("04 05 2f612f6263")).get(0);
    assertEquals(fields(":path", "/a/bc"), List.of(first));
    assertSame(first, again);
    assertEquals(0, decoder.table().length());
    assertEquals(fields(":path", "/a/bd"), decoder.decode(Hex.buffer("04 05 2f612f6264")));
  }

  @Test
  void aNeverIndexedLiteralIsDecodedAfreshAndStaysSensitive() throws HpackException {
    HeaderField first = decoder.decode(Hex.buffer("14 05 2f612f6263")).get(0);
    HeaderField again = decoder.decode(Hex.buffer("14 05 2f612f6263")).get(0);
    assertTrue(again.sensitive());
    assertNotSame(first, again);
  }

  @Test
  void aLiteralNamedByADynamicIndexFollowsTheTableAsItChanges() throws HpackException {
    decoder.decode(Hex.buffer("4001 6101 62")); // a: b at index 62
    assertEquals(fields("a", "x"), decoder.decode(Hex.buffer("0f2f 0178")));
    decoder.decode(Hex.buffer("4001 6301 64")); // c: d now at 62, a: b at 63
    assertEquals(fields("c", "x"), decoder.decode(Hex.buffer("0f2f 0178")));
  }

  // §6.1, §2.3.3: indices.

  @Test
  void indexZeroIsCompressionError() {
    assertCompressionError(decoder, "80");
  }

  @Test
  void indexBeyondTableIsCompressionError() {
    assertCompressionError(decoder, "be"); // 62 with an empty dynamic table
  }

  @Test
  void nameIndexBeyondTableIsCompressionError() {
    assertCompressionError(decoder, "7e 0161"); // literal with incremental indexing, name index 62
  }

  @Test
  void lastStaticAndDynamicIndicesAreAccepted() throws HpackException {
    assertEquals(fields("www-authenticate", ""), decoder.decode(Hex.buffer("bd"))); // 61
    decoder.decode(Hex.buffer("4001 6101 62"));
    assertEquals(fields("a", "b"), decoder.decode(Hex.buffer("be")));
    assertCompressionError(decoder, "bf");
  }

  // §4.2, §6.3: dynamic table size updates.

  @Test
  void sizeUpdateAtStartOfBlockEvicts() throws HpackException {
    decoder.decode(Hex.buffer("4001 6101 62"));
    assertEquals(fields(":method", "GET"), decoder.decode(Hex.buffer("20 82")));
    assertTable(decoder.table(), 0, List.of());
    assertEquals(0, decoder.table().capacity());
  }

  @Test
  void twoSizeUpdatesAtStartAreAccepted() throws HpackException {
    assertEquals(fields(":method", "GET"), decoder.decode(Hex.buffer("20 3fe11f 82")));
    assertEquals(4096, decoder.table().capacity());
  }

  @Test
  void sizeUpdateAboveLimitIsCompressionError() {
    assertCompressionError(decoder, "3fe21f"); // 4097
  }

  @Test
  void sizeUpdateAfterFieldIsCompressionError() {
    assertCompressionError(decoder, "82 20");
  }

  @Test
  void loweredLimitRequiresSizeUpdateInNextBlock() {
    decoder.setMaxHeaderTableSize(100);
    assertCompressionError(decoder, "82");
  }

  @Test
  void loweredLimitIsSatisfiedBySizeUpdate() throws HpackException {
    decoder.setMaxHeaderTableSize(100);
    assertEquals(fields(":method", "GET"), decoder.decode(Hex.buffer("3f45 82"))); // 100
    assertEquals(100, decoder.table().capacity());
    assertEquals(fields(":method", "GET"), decoder.decode(Hex.buffer("82")));
    assertCompressionError(decoder, "3f46"); // 101
  }

  @Test
  void raisedLimitNeedsNoSizeUpdate() throws HpackException {
    decoder.setMaxHeaderTableSize(8192);
    assertEquals(fields(":method", "GET"), decoder.decode(Hex.buffer("82")));
    assertEquals(fields(":method", "GET"), decoder.decode(Hex.buffer("3fe13f 82"))); // 8192
  }

  @Test
  void entryLargerThanTableEmptiesIt() throws HpackException {
    HpackDecoder small = new HpackDecoder(40, Long.MAX_VALUE);
    small.decode(Hex.buffer("4001 6101 62")); // 34 octets
    assertEquals(1, small.table().length());
    small.decode(Hex.buffer("4001 6106 3132 3334 3536")); // 39 octets: evicts a:b
    assertTable(small.table(), 39, List.of(List.of("a", "123456")));
    List<HeaderField> list = small.decode(Hex.buffer("4001 6107 3132 3334 3536 37")); // 40 fits
    assertEquals(fields("a", "1234567"), list);
    assertEquals(1, small.table().length());
    small.decode(Hex.buffer("4001 6108 3132 3334 3536 3738")); // 41 > 40 (§4.4)
    assertTable(small.table(), 0, List.of());
  }

  // §5.1, §5.2: malformed primitives inside a block.

  @Test
  void truncatedIntegerIsCompressionError() {
    assertCompressionError(decoder, "ff");
    assertCompressionError(decoder, "ff80");
  }

  @Test
  void integerOverflowIsCompressionError() {
    assertCompressionError(decoder, "ff ffffffff0f");
    assertCompressionError(decoder, "40 7f ffffffff0f");
  }

  @Test
  void truncatedStringIsCompressionError() {
    assertCompressionError(decoder, "40 05 6162");
    assertCompressionError(decoder, "41"); // value missing
    assertCompressionError(decoder, "40 0161"); // value missing after literal name
  }

  @Test
  void huffmanEosInStringIsCompressionError() {
    assertCompressionError(decoder, "40 85 1fffffffff 0162");
    assertCompressionError(decoder, "41 84 ffffffff");
  }

  @Test
  void badHuffmanPaddingIsCompressionError() {
    assertCompressionError(decoder, "41 81 06"); // "0" + padding 110
    assertCompressionError(decoder, "41 82 07ff"); // "0" + 11 bits of padding
  }

  @Test
  void badHuffmanIsCompressionErrorEvenBeyondHeaderListLimit() {
    HpackDecoder tiny = new HpackDecoder(4096, 10);
    assertCompressionError(tiny, "82 01 81 06"); // list already too large when the bad string comes
  }

  // §6.2: representations.

  @Test
  void neverIndexedFieldIsSensitiveAndNotAdded() throws HpackException {
    List<HeaderField> list = decoder.decode(Hex.buffer("1f08 06 736563726574")); // authorization
    assertEquals(List.of(new HeaderField("authorization", "secret", true)), list);
    assertEquals(0, decoder.table().length());
  }

  @Test
  void withoutIndexingFieldIsNotSensitiveAndNotAdded() throws HpackException {
    List<HeaderField> list = decoder.decode(Hex.buffer("0f08 06 736563726574"));
    assertEquals(List.of(new HeaderField("authorization", "secret", false)), list);
    assertEquals(0, decoder.table().length());
  }

  @Test
  void decodesFromDirectAndOffsetBuffers() throws HpackException {
    byte[] block = Hex.bytes("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff 400161 0162");
    List<HeaderField> expected =
        fields(":method", "GET", ":scheme", "http", ":path", "/", ":authority", "www.example.com",
            "a", "b");
    ByteBuffer direct = ByteBuffer.allocateDirect(block.length);
    direct.put(block).flip();
    assertEquals(expected, new HpackDecoder(4096, 8192).decode(direct));
    byte[] padded = new byte[block.length + 7];
    System.arraycopy(block, 0, padded, 5, block.length);
    ByteBuffer slice = ByteBuffer.wrap(padded, 5, block.length).slice();
    assertEquals(expected, new HpackDecoder(4096, 8192).decode(slice));
    assertFalse(slice.hasRemaining());
  }

  // Header list size, enforced while decoding.

  @Test
  void headerListTooLargeIsStreamErrorAndKeepsTableInSync() throws HpackException {
    HpackDecoder limited = new HpackDecoder(4096, 50);
    // a:b (34) then c:d (34): the second exceeds 50 but must still enter the table.
    HpackException e =
        assertThrows(HpackException.class, () -> limited.decode(Hex.buffer("4001 6101 62 4001 6301 64")));
    assertTrue(e.isHeaderListTooLarge());
    assertTable(limited.table(), 68, List.of(List.of("c", "d"), List.of("a", "b")));
    // The connection goes on: the next block can reference both entries.
    assertEquals(fields("c", "d"), limited.decode(Hex.buffer("be")));
    assertEquals(fields("a", "b"), limited.decode(Hex.buffer("bf")));
  }

  @Test
  void headerListAtTheLimitIsAccepted() throws HpackException {
    HpackDecoder limited = new HpackDecoder(4096, 68);
    assertEquals(fields("a", "b", "c", "d"), limited.decode(Hex.buffer("4001 6101 62 4001 6301 64")));
    limited.setMaxHeaderListSize(67);
    HpackException e = assertThrows(HpackException.class, () -> limited.decode(Hex.buffer("bf be")));
    assertTrue(e.isHeaderListTooLarge());
  }

  @Test
  void compressionErrorWinsOverHeaderListTooLarge() {
    HpackDecoder limited = new HpackDecoder(4096, 10);
    HpackException e = assertThrows(HpackException.class, () -> limited.decode(Hex.buffer("82 80")));
    assertFalse(e.isHeaderListTooLarge());
  }

  @Test
  void amplificationThroughRepeatedIndexFailsFastWithoutAllocating() {
    // One 4000-octet entry, then 200,000 one-octet references to it: 800 MB of header list.
    int references = 200_000;
    byte[] value = new byte[4000];
    Arrays.fill(value, (byte) 'v');
    ByteBuffer block = ByteBuffer.allocate(6 + value.length + references);
    block.put(Hex.bytes("4001 78 7f a11e")); // name "x", value length 127 + 0x1e + (0x21 << 7)
    block.put(value);
    for (int i = 0; i < references; i++) {
      block.put((byte) 0xbe);
    }
    block.flip();
    assertEquals(4000, 127 + 0x21 + (0x1e << 7));
    HpackDecoder limited = new HpackDecoder(4096, 16 * 1024);
    long before = allocatedBytes();
    HpackException e =
        assertTimeout(
            Duration.ofSeconds(2), () -> assertThrows(HpackException.class, () -> limited.decode(block)));
    long allocated = allocatedBytes() - before;
    assertTrue(e.isHeaderListTooLarge());
    assertFalse(block.hasRemaining(), "whole block consumed");
    assertEquals(1, limited.table().length());
    assertTrue(allocated < 256 * 1024, "allocated " + allocated + " bytes");
  }

  @Test
  void hugeLiteralBeyondLimitIsSkippedNotMaterialised() {
    // A 100,000-octet Huffman value sent without indexing, under a 1 KiB limit. All-zero octets
    // are 160,000 '0' symbols (00000), with no padding since 800,000 bits divide by 5.
    int length = 100_000;
    ByteBuffer block = ByteBuffer.allocate(6 + length);
    block.put(Hex.bytes("0f10 ff a18c06")); // content-type (31); Huffman, 127 + 0x21 + 0x0c<<7 + 6<<14
    block.put(new byte[length]);
    block.flip();
    assertEquals(length, 127 + 0x21 + (0x0c << 7) + (6 << 14));
    HpackDecoder limited = new HpackDecoder(4096, 1024);
    long before = allocatedBytes();
    HpackException e = assertThrows(HpackException.class, () -> limited.decode(block));
    long allocated = allocatedBytes() - before;
    assertTrue(e.isHeaderListTooLarge(), e.getMessage());
    assertFalse(block.hasRemaining());
    assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes");
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  private static void assertCompressionError(HpackDecoder decoder, String hex) {
    HpackException e = assertThrows(HpackException.class, () -> decoder.decode(Hex.buffer(hex)));
    assertFalse(e.isHeaderListTooLarge(), e.getMessage());
  }
}
