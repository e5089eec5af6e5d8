package dev.proxima.internal.hpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.proxima.internal.io.OutboundBuffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every example of RFC 7541 Appendix C.2 to C.6, decoded (checking the header list and the
 * dynamic table after each block) and encoded (checking the encoder reproduces the bytes).
 *
 * <p>The encoder's strategy (index full matches, otherwise literal with incremental indexing
 * naming the lowest matching index) is the one the examples use, so it reproduces them byte for
 * byte, provided that: Huffman is off for C.3 and C.5; {@code set-cookie} is not treated as
 * sensitive for C.5.3 and C.6.3 (the default encoder would send it never-indexed); and, for C.5
 * and C.6 where the table holds 256 octets, the first block starts with the size update the
 * encoder owes after {@code setMaxHeaderTableSize(256)} (the RFC examples assume the setting was
 * in force from the start).
 */
class RfcExamplesTest {
  private static final String C31 = "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d";
  private static final String C32 = "8286 84be 5808 6e6f 2d63 6163 6865";
  private static final String C33 =
      "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65";

  private static final String C41 = "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff";
  private static final String C42 = "8286 84be 5886 a8eb 1064 9cbf";
  private static final String C43 = "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf";

  private static final String C51 =
      "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133"
          + "2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70"
          + "6c65 2e63 6f6d";
  private static final String C52 = "4803 3330 37c1 c0bf";
  private static final String C53 =
      "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d"
          + "54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049"
          + "5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e"
          + "3d31";

  private static final String C61 =
      "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6"
          + "2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3";
  private static final String C62 = "4883 640e ffc1 c0bf";
  private static final String C63 =
      "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab"
          + "77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f"
          + "9587 3160 65c0 03ed 4ee5 b106 3d50 07";

  private static final List<HeaderField> REQUEST_1 =
      fields(":method", "GET", ":scheme", "http", ":path", "/", ":authority", "www.example.com");
  private static final List<HeaderField> REQUEST_2 =
      fields(
          ":method", "GET", ":scheme", "http", ":path", "/", ":authority", "www.example.com",
          "cache-control", "no-cache");
  private static final List<HeaderField> REQUEST_3 =
      fields(
          ":method", "GET", ":scheme", "https", ":path", "/index.html", ":authority",
          "www.example.com", "custom-key", "custom-value");
  private static final List<List<String>> TABLE_AFTER_REQUEST_1 =
      List.of(List.of(":authority", "www.example.com"));
  private static final List<List<String>> TABLE_AFTER_REQUEST_2 =
      List.of(List.of("cache-control", "no-cache"), List.of(":authority", "www.example.com"));
  private static final List<List<String>> TABLE_AFTER_REQUEST_3 =
      List.of(
          List.of("custom-key", "custom-value"),
          List.of("cache-control", "no-cache"),
          List.of(":authority", "www.example.com"));

  private static final String DATE_21 = "Mon, 21 Oct 2013 20:13:21 GMT";
  private static final String DATE_22 = "Mon, 21 Oct 2013 20:13:22 GMT";
  private static final String LOCATION = "https://www.example.com";
  private static final String COOKIE = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";
  private static final List<HeaderField> RESPONSE_1 =
      fields(":status", "302", "cache-control", "private", "date", DATE_21, "location", LOCATION);
  private static final List<HeaderField> RESPONSE_2 =
      fields(":status", "307", "cache-control", "private", "date", DATE_21, "location", LOCATION);
  private static final List<HeaderField> RESPONSE_3 =
      fields(
          ":status", "200", "cache-control", "private", "date", DATE_22, "location", LOCATION,
          "content-encoding", "gzip", "set-cookie", COOKIE);
  private static final List<List<String>> TABLE_AFTER_RESPONSE_1 =
      List.of(
          List.of("location", LOCATION),
          List.of("date", DATE_21),
          List.of("cache-control", "private"),
          List.of(":status", "302"));
  private static final List<List<String>> TABLE_AFTER_RESPONSE_2 =
      List.of(
          List.of(":status", "307"),
          List.of("location", LOCATION),
          List.of("date", DATE_21),
          List.of("cache-control", "private"));
  private static final List<List<String>> TABLE_AFTER_RESPONSE_3 =
      List.of(
          List.of("set-cookie", COOKIE),
          List.of("content-encoding", "gzip"),
          List.of("date", DATE_22));

  // C.2: independent representations, each with a fresh context.

  @Test
  void c21LiteralWithIndexingAddsToTable() throws HpackException {
    HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
    String hex = "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572";
    assertEquals(fields("custom-key", "custom-header"), decoder.decode(Hex.buffer(hex)));
    assertTable(decoder.table(), 55, List.of(List.of("custom-key", "custom-header")));
    assertEncodes(plainEncoder(), fields("custom-key", "custom-header"), hex);
  }

  @Test
  void c22LiteralWithoutIndexingLeavesTableEmpty() throws HpackException {
    HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
    List<HeaderField> list =
        decoder.decode(Hex.buffer("040c 2f73 616d 706c 652f 7061 7468"));
    assertEquals(fields(":path", "/sample/path"), list);
    assertFalse(list.get(0).sensitive());
    assertTable(decoder.table(), 0, List.of());
    // Our encoder would index this field, so C.2.2's bytes are checked by decoding only.
  }

  @Test
  void c23LiteralNeverIndexedIsSensitiveAndNotAdded() throws HpackException {
    HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
    String hex = "1008 7061 7373 776f 7264 0673 6563 7265 74";
    List<HeaderField> list = decoder.decode(Hex.buffer(hex));
    assertEquals(List.of(new HeaderField("password", "secret", true)), list);
    assertTable(decoder.table(), 0, List.of());
    assertEncodes(plainEncoder(), List.of(new HeaderField("password", "secret", true)), hex);
  }

  @Test
  void c24IndexedField() throws HpackException {
    HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
    assertEquals(fields(":method", "GET"), decoder.decode(Hex.buffer("82")));
    assertTable(decoder.table(), 0, List.of());
    assertEncodes(plainEncoder(), fields(":method", "GET"), "82");
  }

  // C.3 / C.4: three requests on one connection.

  @Test
  void c3RequestsWithoutHuffmanDecode() throws HpackException {
    HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
    assertDecodes(decoder, C31, REQUEST_1, 57, TABLE_AFTER_REQUEST_1);
    assertDecodes(decoder, C32, REQUEST_2, 110, TABLE_AFTER_REQUEST_2);
    assertDecodes(decoder, C33, REQUEST_3, 164, TABLE_AFTER_REQUEST_3);
  }

  @Test
  void c3RequestsWithoutHuffmanEncodeExactly() {
    HpackEncoder encoder = plainEncoder();
    assertEncodes(encoder, REQUEST_1, C31);
    assertEncodes(encoder, REQUEST_2, C32);
    assertEncodes(encoder, REQUEST_3, C33);
    assertTable(encoder.table(), 164, TABLE_AFTER_REQUEST_3);
  }

  @Test
  void c4RequestsWithHuffmanDecode() throws HpackException {
    HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
    assertDecodes(decoder, C41, REQUEST_1, 57, TABLE_AFTER_REQUEST_1);
    assertDecodes(decoder, C42, REQUEST_2, 110, TABLE_AFTER_REQUEST_2);
    assertDecodes(decoder, C43, REQUEST_3, 164, TABLE_AFTER_REQUEST_3);
  }

  @Test
  void c4RequestsWithHuffmanEncodeExactlyWithDefaultEncoder() {
    HpackEncoder encoder = new HpackEncoder();
    assertEncodes(encoder, REQUEST_1, C41);
    assertEncodes(encoder, REQUEST_2, C42);
    assertEncodes(encoder, REQUEST_3, C43);
    assertTable(encoder.table(), 164, TABLE_AFTER_REQUEST_3);
  }

  // C.5 / C.6: three responses with a 256-octet table, causing evictions.

  @Test
  void c5ResponsesWithoutHuffmanDecodeWithEvictions() throws HpackException {
    HpackDecoder decoder = new HpackDecoder(256, Long.MAX_VALUE);
    assertDecodes(decoder, C51, RESPONSE_1, 222, TABLE_AFTER_RESPONSE_1);
    assertDecodes(decoder, C52, RESPONSE_2, 222, TABLE_AFTER_RESPONSE_2);
    assertDecodes(decoder, C53, RESPONSE_3, 215, TABLE_AFTER_RESPONSE_3);
  }

  @Test
  void c5ResponsesWithoutHuffmanEncodeExactlyAfterSizeUpdate() {
    HpackEncoder encoder = new HpackEncoder(Set.of(), false);
    encoder.setMaxHeaderTableSize(256);
    assertEncodes(encoder, RESPONSE_1, "3fe101" + C51); // size update to 256 (§6.3), then C.5.1
    assertEncodes(encoder, RESPONSE_2, C52);
    assertEncodes(encoder, RESPONSE_3, C53);
    assertTable(encoder.table(), 215, TABLE_AFTER_RESPONSE_3);
  }

  @Test
  void c6ResponsesWithHuffmanDecodeWithEvictions() throws HpackException {
    HpackDecoder decoder = new HpackDecoder(256, Long.MAX_VALUE);
    assertDecodes(decoder, C61, RESPONSE_1, 222, TABLE_AFTER_RESPONSE_1);
    assertDecodes(decoder, C62, RESPONSE_2, 222, TABLE_AFTER_RESPONSE_2);
    assertDecodes(decoder, C63, RESPONSE_3, 215, TABLE_AFTER_RESPONSE_3);
  }

  @Test
  void c6ResponsesWithHuffmanEncodeExactlyAfterSizeUpdate() {
    HpackEncoder encoder = new HpackEncoder(Set.of(), true);
    encoder.setMaxHeaderTableSize(256);
    assertEncodes(encoder, RESPONSE_1, "3fe101" + C61);
    assertEncodes(encoder, RESPONSE_2, C62);
    assertEncodes(encoder, RESPONSE_3, C63);
    assertTable(encoder.table(), 215, TABLE_AFTER_RESPONSE_3);
  }

  @Test
  void c6EncoderOutputWithSizeUpdateDecodesToTheSameTables() throws HpackException {
    HpackEncoder encoder = new HpackEncoder(Set.of(), true);
    encoder.setMaxHeaderTableSize(256);
    HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
    decoder.setMaxHeaderTableSize(256); // lowered: the first block must start with an update
    assertEquals(RESPONSE_1, decoder.decode(encode(encoder, RESPONSE_1)));
    assertEquals(RESPONSE_2, decoder.decode(encode(encoder, RESPONSE_2)));
    assertEquals(RESPONSE_3, decoder.decode(encode(encoder, RESPONSE_3)));
    assertTable(decoder.table(), 215, TABLE_AFTER_RESPONSE_3);
  }

  /** Huffman off, nothing sensitive: the encoder the uncompressed examples assume. */
  private static HpackEncoder plainEncoder() {
    return new HpackEncoder(Set.of(), false);
  }

  private static void assertDecodes(
      HpackDecoder decoder,
      String hex,
      List<HeaderField> expected,
      long tableSize,
      List<List<String>> table)
      throws HpackException {
    ByteBuffer block = Hex.buffer(hex);
    assertEquals(expected, decoder.decode(block));
    assertFalse(block.hasRemaining(), "block consumed");
    assertTable(decoder.table(), tableSize, table);
  }

  private static void assertEncodes(HpackEncoder encoder, List<HeaderField> list, String hex) {
    OutboundBuffer out = new OutboundBuffer();
    encoder.encode(list, out);
    assertEquals(Hex.of(Hex.bytes(hex)), Hex.of(out.toByteArray()));
  }

  private static ByteBuffer encode(HpackEncoder encoder, List<HeaderField> list) {
    OutboundBuffer out = new OutboundBuffer();
    encoder.encode(list, out);
    return ByteBuffer.wrap(out.toByteArray());
  }

  static void assertTable(DynamicTable table, long size, List<List<String>> entries) {
    List<List<String>> actual = new ArrayList<>();
    for (int i = 1; i <= table.length(); i++) {
      actual.add(List.of(table.get(i).name(), table.get(i).value()));
    }
    assertEquals(entries, actual);
    assertEquals(size, table.size());
  }

  static List<HeaderField> fields(String... namesAndValues) {
    List<HeaderField> list = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      list.add(new HeaderField(namesAndValues[i], namesAndValues[i + 1]));
    }
    return list;
  }
}
