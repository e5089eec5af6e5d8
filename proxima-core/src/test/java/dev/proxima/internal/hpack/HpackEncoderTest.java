package dev.proxima.internal.hpack;

import static dev.proxima.internal.hpack.RfcExamplesTest.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.proxima.internal.io.OutboundBuffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HpackEncoderTest {
  private final HpackEncoder encoder = new HpackEncoder();

  @Test
  void anEncoderThatSentOnlyStaticFieldsHoldsNoTable() {
    assertEquals(0, encoder.table().ringSize());
    encode(encoder, fields(":method", "GET", ":path", "/"));
    assertEquals(0, encoder.table().ringSize());
    encode(encoder, fields("x-request-id", "42"));
    assertEquals(1, encoder.table().length());
  }

  @Test
  void authorizationIsEncodedNeverIndexed() {
    byte[] block = encode(encoder, fields("authorization", "Bearer abc"));
    assertEquals(0x10, block[0] & 0xf0, "0001xxxx");
    assertEquals("1f08", Hex.of(new byte[] {block[0], block[1]})); // name index 23 (static)
    assertEquals(0, encoder.table().length());
  }

  @Test
  void defaultSensitiveNamesAreNeverIndexed() {
    for (String name : List.of("authorization", "proxy-authorization", "cookie", "set-cookie")) {
      byte[] block = encode(encoder, fields(name, "v"));
      assertEquals(0x10, block[0] & 0xf0, name);
    }
    assertEquals(0, encoder.table().length());
  }

  @Test
  void extraSensitiveNameIsNeverIndexedWithLiteralName() {
    HpackEncoder custom = new HpackEncoder(Set.of("x-api-key"));
    byte[] block = encode(custom, fields("x-api-key", "k", "cookie", "c"));
    assertEquals(0x10, block[0] & 0xff); // never indexed, literal name
    assertEquals(0, custom.table().length());
  }

  @Test
  void sensitiveFlagForcesNeverIndexed() throws HpackException {
    byte[] block = encode(encoder, List.of(new HeaderField(":method", "GET", true)));
    assertEquals("1283c5837f", Hex.of(block)); // name index 2, "GET" Huffman-coded (3 octets)
    assertEquals(List.of(new HeaderField(":method", "GET", true)), decode(block));
  }

  @Test
  void neverIndexedRoundTripSetsSensitive() throws HpackException {
    HpackDecoder decoder = new HpackDecoder(4096, 8192);
    List<HeaderField> sent =
        List.of(
            new HeaderField("authorization", "Basic dXNlcjpwYXNz"),
            new HeaderField("x-secret", "s3cr3t", true),
            new HeaderField("x-plain", "p"));
    List<HeaderField> received = decoder.decode(ByteBuffer.wrap(encode(encoder, sent)));
    assertEquals(
        List.of(
            new HeaderField("authorization", "Basic dXNlcjpwYXNz", true),
            new HeaderField("x-secret", "s3cr3t", true),
            new HeaderField("x-plain", "p", false)),
        received);
  }

  @Test
  void repeatedFieldIsSentAsOneIndexOctet() {
    encode(encoder, fields("x-trace", "abc"));
    assertEquals("be", Hex.of(encode(encoder, fields("x-trace", "abc"))));
    // Same name, new value: literal with incremental indexing naming entry 62.
    assertEquals(0x7e, encode(encoder, fields("x-trace", "abd"))[0] & 0xff);
  }

  @Test
  void valueLargerThanHalfTheTableIsNotIndexed() {
    String big = "x".repeat(2100);
    byte[] block = encode(encoder, fields("x-big", big));
    assertEquals(0x00, block[0] & 0xf0, "without indexing");
    assertEquals(0, encoder.table().length());
  }

  @Test
  void staticFullMatchIsIndexed() {
    assertEquals("8287848d", Hex.of(encode(encoder, fields(":method", "GET", ":scheme", "https",
        ":path", "/", ":status", "404"))));
  }

  @Test
  void encoderEmitsSizeUpdateAfterSetMaxHeaderTableSize() {
    encoder.setMaxHeaderTableSize(100);
    assertEquals("3f4582", Hex.of(encode(encoder, fields(":method", "GET"))));
    assertEquals("82", Hex.of(encode(encoder, fields(":method", "GET"))), "only once");
    assertEquals(100, encoder.table().capacity());
  }

  @Test
  void encoderSignalsSmallestThenFinalSize() {
    encode(encoder, fields("x-a", "1"));
    encoder.setMaxHeaderTableSize(0);
    encoder.setMaxHeaderTableSize(4096);
    assertEquals("203fe11f82", Hex.of(encode(encoder, fields(":method", "GET"))));
    assertEquals(0, encoder.table().length(), "evicted by the 0 size");
  }

  @Test
  void encoderCapsTableAtOwnLimitAndIgnoresNoChange() {
    encoder.setMaxHeaderTableSize(65536); // min(65536, 4096) = 4096: unchanged
    encoder.setMaxHeaderTableSize(4096);
    assertEquals("82", Hex.of(encode(encoder, fields(":method", "GET"))));
    assertEquals(4096, encoder.table().capacity());
  }

  @Test
  void zeroTableSizeStopsIndexing() {
    encoder.setMaxHeaderTableSize(0);
    byte[] block = encode(encoder, fields("x-a", "1"));
    assertEquals(0x20, block[0] & 0xff);
    assertEquals(0x00, block[1] & 0xff, "literal without indexing, literal name");
    assertEquals(0, encoder.table().length());
  }

  @Test
  void nonLatin1StringIsRejectedBeforeAnythingChanges() {
    OutboundBuffer out = new OutboundBuffer();
    assertThrows(
        IllegalArgumentException.class,
        () -> encoder.encode(fields("x-a", "1", "x-b", "\u20ac"), out));
    assertEquals(0, out.readableBytes());
    assertEquals(0, encoder.table().length());
  }

  @Test
  void latin1OctetsAbove127RoundTrip() throws HpackException {
    List<HeaderField> list = fields("x-bin", "\u00ff\u0080\u0000caf\u00e9");
    assertEquals(list, decode(encode(encoder, list)));
  }

  @Test
  void randomHeaderListsRoundTripAndTablesStayInSync() throws HpackException {
    Random random = new Random(42);
    String[] names = {
      ":method", ":path", ":authority", ":status", "content-type", "user-agent", "grpc-status",
      "grpc-message", "te", "x-custom", "x-other", "cookie", "authorization", "accept-encoding"
    };
    for (int connection = 0; connection < 20; connection++) {
      HpackEncoder enc = new HpackEncoder(Set.of("x-other"));
      HpackDecoder dec = new HpackDecoder(4096, Long.MAX_VALUE);
      for (int block = 0; block < 50; block++) {
        if (random.nextInt(10) == 0) {
          enc.setMaxHeaderTableSize(random.nextInt(5000));
        }
        List<HeaderField> sent = new ArrayList<>();
        for (int i = random.nextInt(12); i >= 0; i--) {
          String name = random.nextInt(4) == 0 ? randomString(random, 1, 20)
              : names[random.nextInt(names.length)];
          String value = random.nextInt(3) == 0 ? randomString(random, 0, 300)
              : "v" + random.nextInt(5);
          sent.add(new HeaderField(name, value, random.nextInt(20) == 0));
        }
        List<HeaderField> received = dec.decode(ByteBuffer.wrap(encode(enc, sent)));
        List<HeaderField> expected = new ArrayList<>();
        for (HeaderField f : sent) {
          boolean sensitive = f.sensitive()
              || Set.of("x-other", "cookie", "set-cookie", "authorization", "proxy-authorization")
                  .contains(f.name());
          expected.add(new HeaderField(f.name(), f.value(), sensitive));
        }
        assertEquals(expected, received);
        assertEquals(enc.table().size(), dec.table().size());
        assertEquals(enc.table().length(), dec.table().length());
        for (int i = 1; i <= enc.table().length(); i++) {
          assertEquals(enc.table().get(i), dec.table().get(i));
        }
      }
    }
  }

  private static String randomString(Random random, int min, int max) {
    char[] chars = new char[min + random.nextInt(max - min + 1)];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = random.nextBoolean() ? (char) ('a' + random.nextInt(26)) : (char) random.nextInt(256);
    }
    return new String(chars);
  }

  private static byte[] encode(HpackEncoder encoder, List<HeaderField> list) {
    OutboundBuffer out = new OutboundBuffer();
    encoder.encode(list, out);
    return out.toByteArray();
  }

  private static List<HeaderField> decode(byte[] block) throws HpackException {
    return new HpackDecoder(4096, 8192).decode(ByteBuffer.wrap(block));
  }
}
