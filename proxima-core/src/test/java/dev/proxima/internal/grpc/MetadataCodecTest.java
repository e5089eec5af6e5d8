package dev.proxima.internal.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.Metadata;
import dev.proxima.internal.hpack.HeaderField;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataCodecTest {
  private static final Metadata.Key<String> TEXT = Metadata.Key.of("x-text");
  private static final Metadata.Key<byte[]> BIN = Metadata.Key.binary("x-data-bin");

  @Test
  void textAndBinaryValuesRoundTripInOrder() {
    Metadata m = new Metadata();
    m.put(TEXT, "one").put(BIN, new byte[] {0, 1, 2, (byte) 0xff}).put(TEXT, "two");
    List<HeaderField> out = new ArrayList<>();
    MetadataCodec.appendHeaders(m, out);
    assertEquals(List.of(new HeaderField("x-text", "one"), new HeaderField("x-data-bin", "AAEC/w"),
        new HeaderField("x-text", "two")), out);

    Metadata back = MetadataCodec.toMetadata(out);
    assertEquals(List.of("one", "two"), back.getAll(TEXT));
    assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, back.get(BIN));
  }

  @Test
  void binaryValuesAreSentUnpaddedWithTheStandardAlphabet() {
    Metadata m = new Metadata().put(BIN, new byte[] {(byte) 0xfb, (byte) 0xff});
    List<HeaderField> out = new ArrayList<>();
    MetadataCodec.appendHeaders(m, out);
    assertEquals("+/8", out.get(0).value());
  }

  @Test
  void paddedAndUnpaddedBinaryValuesAreBothAccepted() {
    Metadata m = MetadataCodec.toMetadata(List.of(
        new HeaderField("x-data-bin", "AAE="), new HeaderField("x-data-bin", "AAE")));
    List<byte[]> values = m.getAll(BIN);
    assertEquals(2, values.size());
    assertArrayEquals(new byte[] {0, 1}, values.get(0));
    assertArrayEquals(new byte[] {0, 1}, values.get(1));
  }

  @Test
  void commaJoinedBinaryValuesAreSplitBeforeDecoding() {
    Metadata m = MetadataCodec.toMetadata(List.of(new HeaderField("x-data-bin", "AAE=, AgM")));
    List<byte[]> values = m.getAll(BIN);
    assertEquals(2, values.size());
    assertArrayEquals(new byte[] {2, 3}, values.get(1));
  }

  @Test
  void invalidBase64IsDroppedWithoutThrowing() {
    Metadata m = MetadataCodec.toMetadata(List.of(
        new HeaderField("x-data-bin", "not base64!"), new HeaderField("x-text", "kept")));
    assertFalse(m.containsKey(BIN));
    assertEquals("kept", m.get(TEXT));
  }

  @Test
  void invalidTextValuesAndNamesAreDroppedWithoutThrowing() {
    Metadata m = MetadataCodec.toMetadata(List.of(
        new HeaderField("x-text", "caf\u00e9"), new HeaderField("x:odd", "v"),
        new HeaderField("x-other", " padded ")));
    assertNull(m.get(TEXT));
    assertEquals(1, m.size());
    assertEquals("padded", m.get(Metadata.Key.of("x-other")));
  }

  @Test
  void reservedHeadersAreNotSent() {
    Metadata m = new Metadata();
    for (String name : new String[] {"grpc-status", "grpc-message", "grpc-timeout", "te",
        "content-type", "user-agent", "connection", "grpc-encoding"}) {
      m.put(Metadata.Key.of(name), "x");
    }
    m.put(TEXT, "ok");
    List<HeaderField> out = new ArrayList<>();
    MetadataCodec.appendHeaders(m, out);
    assertEquals(List.of(new HeaderField("x-text", "ok")), out);
  }

  @Test
  void pseudoAndReservedHeadersAreNotReceivedButUserAgentAndStatusDetailsAre() {
    Metadata m = MetadataCodec.toMetadata(List.of(
        new HeaderField(":path", "/a.B/C"), new HeaderField(":authority", "x"),
        new HeaderField("content-type", "application/grpc"), new HeaderField("te", "trailers"),
        new HeaderField("grpc-timeout", "1S"), new HeaderField("grpc-status", "0"),
        new HeaderField("grpc-message", "m"), new HeaderField("grpc-accept-encoding", "gzip"),
        new HeaderField("user-agent", "grpc-java/1.0"),
        new HeaderField("grpc-status-details-bin", "CAM"),
        new HeaderField("authorization", "Bearer t")));
    assertEquals(List.of("user-agent", "grpc-status-details-bin", "authorization"),
        new ArrayList<>(m.keys()));
    assertArrayEquals(new byte[] {8, 3}, m.get(Metadata.Key.binary("grpc-status-details-bin")));
  }

  @Test
  void statusDetailsBinIsSentInTrailers() {
    Metadata m = new Metadata().put(Metadata.Key.binary("grpc-status-details-bin"), new byte[] {8});
    List<HeaderField> out = new ArrayList<>();
    MetadataCodec.appendHeaders(m, out);
    assertTrue(out.contains(new HeaderField("grpc-status-details-bin", "CA")));
  }
}
