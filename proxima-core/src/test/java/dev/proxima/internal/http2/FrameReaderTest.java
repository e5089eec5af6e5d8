package dev.proxima.internal.http2;

import static dev.proxima.internal.http2.Frames.bytes;
import static dev.proxima.internal.http2.Frames.concat;
import static dev.proxima.internal.http2.Frames.emptySettings;
import static dev.proxima.internal.http2.Frames.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
  private static final int DATA = 0x0, HEADERS = 0x1, PRIORITY = 0x2, RST_STREAM = 0x3,
      SETTINGS = 0x4, PUSH_PROMISE = 0x5, PING = 0x6, GOAWAY = 0x7, WINDOW_UPDATE = 0x8,
      CONTINUATION = 0x9;
  private static final int END_STREAM = FrameFlags.END_STREAM, ACK = FrameFlags.ACK,
      END_HEADERS = FrameFlags.END_HEADERS, PADDED = FrameFlags.PADDED,
      PRIORITY_FLAG = FrameFlags.PRIORITY;

  private final RecordingHandler handler = new RecordingHandler();

  private static FrameReader newReader() {
    return new FrameReader(false, 16384, 1 << 16);
  }

  /** Events from reading an empty SETTINGS frame and then {@code frames}, in one read. */
  private List<String> read(byte[]... frames) throws Http2Exception {
    Frames.readAll(newReader(), concat(emptySettings(), concat(frames)), handler);
    return handler.events.subList(1, handler.events.size());
  }

  private Http2Exception failure(byte[]... frames) {
    return assertThrows(Http2Exception.class, () -> read(frames));
  }

  private static void assertConnectionError(ErrorCode code, String section, Http2Exception e) {
    assertTrue(e.isConnectionError(), e.getMessage());
    assertEquals(code, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains("RFC 9113 " + section), e.getMessage());
  }

  private static void assertStreamError(int streamId, ErrorCode code, String section,
      Http2Exception e) {
    assertTrue(e.isStreamError(), e.getMessage());
    assertEquals(streamId, e.streamId());
    assertEquals(code, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains("RFC 9113 " + section), e.getMessage());
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] setting(int id, long value) {
    return bytes(id >>> 8, id, (int) (value >>> 24), (int) (value >>> 16), (int) (value >>> 8),
        (int) value);
  }

  @Test
  void aFrameSplitAcrossReadsHoldsOnlyTheOctetsThatArrivedNotTheLengthItsHeaderClaims()
      throws Http2Exception {
    // With SETTINGS_MAX_FRAME_SIZE raised to its maximum, a peer could otherwise make each
    // connection hold 16 MiB by sending a nine-octet frame header and ten payload octets.
    int largest = (1 << 24) - 1;
    FrameReader reader = newReader();
    reader.setMaxFrameSize(largest);
    byte[] payload = new byte[largest];
    Arrays.fill(payload, (byte) 7);
    byte[] frame = raw(DATA, END_STREAM, 1, payload);
    reader.read(ByteBuffer.wrap(concat(emptySettings(), Arrays.copyOf(frame, 19))), handler);
    assertTrue(reader.partialCapacity() < 1024, "buffered " + reader.partialCapacity());

    // The rest, in reads of 64 KiB: the buffer grows with it and the frame arrives whole.
    for (int at = 19; at < frame.length; at += 65536) {
      reader.read(ByteBuffer.wrap(frame, at, Math.min(65536, frame.length - at)).slice(), handler);
    }
    String last = handler.events.get(handler.events.size() - 1);
    assertTrue(last.startsWith("DATA 1 endStream=true '\u0007\u0007") && last.endsWith("' flow=" + largest),
        last.substring(0, 40));
    assertEquals("DATA 1 endStream=true '".length() + largest + "' flow=".length() + 8, last.length());
    assertEquals(0, reader.partialCapacity(), "a buffer that large is not kept after its frame");
  }

  @Test
  void aFrameWhoseHeaderArrivedBeforeTheLimitWasLoweredIsJudgedByTheLimitItArrivedUnder()
      throws Http2Exception {
    FrameReader reader = newReader();
    reader.setMaxFrameSize(32768);
    byte[] frame = raw(DATA, 0, 1, new byte[20000]);
    reader.read(ByteBuffer.wrap(concat(emptySettings(), Arrays.copyOf(frame, 100))), handler);
    reader.setMaxFrameSize(16384);
    reader.read(ByteBuffer.wrap(frame, 100, frame.length - 100).slice(), handler);
    assertTrue(handler.events.get(handler.events.size() - 1).endsWith("flow=20000"));

    // The next frame over the lowered limit is refused.
    Http2Exception e = assertThrows(Http2Exception.class, () -> reader.read(ByteBuffer.wrap(frame), handler));
    assertConnectionError(ErrorCode.FRAME_SIZE_ERROR, "§4.2", e);
  }

  @Test
  void aControlFrameThatFailsLeavesTheBufferAfterItWithItsLimit() throws Http2Exception {
    // Control frames are read in place, narrowed to their payload: after a stream error the
    // buffer must be whole again and positioned at the next frame, as for a sliced frame.
    byte[] badUpdate = raw(WINDOW_UPDATE, 0, 1, new byte[4]); // increment 0 on stream 1
    byte[] ping = raw(PING, 0, 0, bytes(0, 0, 0, 0, 0, 0, 0, 7));
    ByteBuffer in = ByteBuffer.wrap(concat(emptySettings(), badUpdate, ping));
    FrameReader reader = newReader();
    Http2Exception e = assertThrows(Http2Exception.class, () -> reader.read(in, handler));
    assertStreamError(1, ErrorCode.PROTOCOL_ERROR, "§6.9", e);
    assertEquals(emptySettings().length + badUpdate.length, in.position());
    assertEquals(in.capacity(), in.limit());
    reader.read(in, handler);
    assertEquals("PING ack=false 7", handler.events.get(handler.events.size() - 1));
  }

  // The connection preface (RFC 9113 §3.4).

  @Test
  void clientPrefaceIsConsumedBeforeFrames() throws Exception {
    FrameReader reader = new FrameReader(true, 16384, 1 << 16);
    Frames.readAll(reader, concat(Preface.bytes(), emptySettings()), handler);
    assertEquals(List.of("SETTINGS ack=false {}"), handler.events);
  }

  @Test
  void clientPrefaceSplitAcrossReadsIsMatched() throws Exception {
    FrameReader reader = new FrameReader(true, 16384, 1 << 16);
    Frames.readInChunks(reader, concat(Preface.bytes(), emptySettings()), 1, handler);
    assertEquals(List.of("SETTINGS ack=false {}"), handler.events);
  }

  @Test
  void clientPrefaceMismatchIsConnectionError() {
    FrameReader reader = new FrameReader(true, 16384, 1 << 16);
    byte[] wire = ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    Http2Exception e = assertThrows(Http2Exception.class, () -> Frames.readAll(reader, wire, handler));
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§3.4", e);
  }

  @Test
  void clientPrefaceMismatchInALaterReadIsConnectionError() throws Exception {
    FrameReader reader = new FrameReader(true, 16384, 1 << 16);
    reader.read(ByteBuffer.wrap(ascii("PRI * HTTP/2.0\r\n")), handler);
    Http2Exception e = assertThrows(Http2Exception.class,
        () -> reader.read(ByteBuffer.wrap(ascii("\r\nSM\r\n\r\rxxxxx")), handler));
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§3.4", e);
  }

  @Test
  void firstFrameOtherThanSettingsIsConnectionError() {
    Http2Exception e = assertThrows(Http2Exception.class,
        () -> Frames.readAll(newReader(), raw(PING, 0, 0, new byte[8]), handler));
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§3.4", e);
  }

  @Test
  void firstFrameSettingsAckIsConnectionError() {
    Http2Exception e = assertThrows(Http2Exception.class,
        () -> Frames.readAll(newReader(), raw(SETTINGS, ACK, 0), handler));
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§3.4", e);
  }

  // Frame size (RFC 9113 §4.2).

  @Test
  void frameLongerThanMaxFrameSizeIsConnectionError() {
    Http2Exception e = failure(raw(DATA, 0, 1, new byte[16385]));
    assertConnectionError(ErrorCode.FRAME_SIZE_ERROR, "§4.2", e);
  }

  @Test
  void oversizedFrameIsRefusedAsSoonAsItsHeaderArrives() throws Exception {
    FrameReader reader = newReader();
    reader.read(ByteBuffer.wrap(emptySettings()), handler);
    byte[] header = bytes(0xff, 0xff, 0xff, DATA, 0, 0, 0, 0, 1);
    Http2Exception e = assertThrows(Http2Exception.class,
        () -> Frames.readInChunks(reader, header, 1, handler));
    assertConnectionError(ErrorCode.FRAME_SIZE_ERROR, "§4.2", e);
  }

  @Test
  void raisedMaxFrameSizeAcceptsLargerFrames() throws Exception {
    FrameReader reader = newReader();
    reader.setMaxFrameSize(16385);
    Frames.readAll(reader, concat(emptySettings(), raw(DATA, 0, 1, new byte[16385])), handler);
    assertEquals("DATA 1 endStream=false '" + "\0".repeat(16385) + "' flow=16385",
        handler.events.get(1));
  }

  // Stream 0 rules.

  @Test
  void dataOnStreamZeroIsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.1", failure(raw(DATA, 0, 0, bytes(1))));
  }

  @Test
  void headersOnStreamZeroIsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.2",
        failure(raw(HEADERS, END_HEADERS, 0, bytes(1))));
  }

  @Test
  void priorityOnStreamZeroIsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.3",
        failure(raw(PRIORITY, 0, 0, bytes(0, 0, 0, 1, 0))));
  }

  @Test
  void rstStreamOnStreamZeroIsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.4",
        failure(raw(RST_STREAM, 0, 0, bytes(0, 0, 0, 8))));
  }

  @Test
  void pushPromiseOnStreamZeroIsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.6",
        failure(raw(PUSH_PROMISE, END_HEADERS, 0, bytes(0, 0, 0, 2))));
  }

  @Test
  void continuationOnStreamZeroIsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.10",
        failure(raw(CONTINUATION, END_HEADERS, 0, bytes(1))));
  }

  @Test
  void settingsOnAStreamIsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.5", failure(raw(SETTINGS, 0, 1)));
  }

  @Test
  void pingOnAStreamIsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.7", failure(raw(PING, 0, 1, new byte[8])));
  }

  @Test
  void goAwayOnAStreamIsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.8", failure(raw(GOAWAY, 0, 1, new byte[8])));
  }

  // Padding (RFC 9113 §6.1, §6.2, §6.6).

  @Test
  void dataPadLengthAsLongAsThePayloadIsConnectionError() {
    // pad length 3, but only 2 octets follow it
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.1",
        failure(raw(DATA, PADDED, 1, bytes(3, 0, 0))));
  }

  @Test
  void dataPaddedWithoutPadLengthOctetIsConnectionError() {
    assertConnectionError(ErrorCode.FRAME_SIZE_ERROR, "§6.1", failure(raw(DATA, PADDED, 1)));
  }

  @Test
  void dataPaddingMayFillTheWholePayload() throws Exception {
    assertEquals(List.of("DATA 1 endStream=false '' flow=3"), read(raw(DATA, PADDED, 1, bytes(2, 0, 0))));
  }

  @Test
  void headersPadLengthBeyondTheFragmentIsConnectionError() {
    // PRIORITY fields take 5 octets, so only 1 octet is left for fragment and padding
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.2", failure(raw(HEADERS,
        PADDED | PRIORITY_FLAG | END_HEADERS, 1, bytes(2, 0, 0, 0, 3, 15, 0))));
  }

  @Test
  void headersWithPriorityFlagTooShortForItsFieldsIsConnectionError() {
    assertConnectionError(ErrorCode.FRAME_SIZE_ERROR, "§6.2",
        failure(raw(HEADERS, PRIORITY_FLAG | END_HEADERS, 1, bytes(0, 0, 0))));
  }

  @Test
  void pushPromisePadLengthBeyondTheFragmentIsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.6",
        failure(raw(PUSH_PROMISE, PADDED | END_HEADERS, 1, bytes(1, 0, 0, 0, 2))));
  }

  @Test
  void pushPromiseTooShortForPromisedStreamIdIsConnectionError() {
    assertConnectionError(ErrorCode.FRAME_SIZE_ERROR, "§6.6",
        failure(raw(PUSH_PROMISE, END_HEADERS, 1, bytes(0, 0))));
  }

  // PRIORITY (RFC 9113 §6.3, §5.3.1).

  @Test
  void priorityLengthNotFiveIsStreamFrameSizeError() {
    assertStreamError(3, ErrorCode.FRAME_SIZE_ERROR, "§6.3",
        failure(raw(PRIORITY, 0, 3, bytes(0, 0, 0, 1))));
  }

  @Test
  void priorityDependingOnItsOwnStreamIsStreamError() {
    assertStreamError(3, ErrorCode.PROTOCOL_ERROR, "§5.3.1",
        failure(raw(PRIORITY, 0, 3, bytes(0, 0, 0, 3, 0))));
  }

  @Test
  void headersDependingOnItsOwnStreamIsStreamErrorAfterTheBlockIsDelivered() {
    Http2Exception e = failure(raw(HEADERS, PRIORITY_FLAG | END_HEADERS, 3,
        bytes(0x80, 0, 0, 3, 0, 'h')));
    assertStreamError(3, ErrorCode.PROTOCOL_ERROR, "§5.3.1", e);
    // HPACK state must follow every block, so the handler saw it before the error.
    assertEquals("HEADERS 3 endStream=false 'h'", handler.events.get(1));
  }

  @Test
  void headersPriorityFieldsAreParsedAndDropped() throws Exception {
    assertEquals(List.of("HEADERS 3 endStream=true 'hb'"), read(raw(HEADERS,
        PRIORITY_FLAG | END_HEADERS | END_STREAM, 3, bytes(0x80, 0, 0, 1, 7, 'h', 'b'))));
  }

  // RST_STREAM, SETTINGS, PING, GOAWAY, WINDOW_UPDATE lengths and values.

  @Test
  void rstStreamLengthNotFourIsConnectionError() {
    assertConnectionError(ErrorCode.FRAME_SIZE_ERROR, "§6.4",
        failure(raw(RST_STREAM, 0, 1, bytes(0, 0, 0, 0, 0))));
  }

  @Test
  void rstStreamWithUnknownCodeIsReportedWithTheValueSent() throws Exception {
    // RFC 9113 §7: an unknown code means INTERNAL_ERROR, but the handler gets the value as sent.
    assertEquals(List.of("RST_STREAM 1 unknown error code 0x1234 (treated as INTERNAL_ERROR, RFC 9113 §7)"),
        read(raw(RST_STREAM, 0, 1, bytes(0, 0, 0x12, 0x34))));
  }

  @Test
  void settingsAckWithPayloadIsConnectionError() {
    assertConnectionError(ErrorCode.FRAME_SIZE_ERROR, "§6.5",
        failure(raw(SETTINGS, ACK, 0, setting(1, 0))));
  }

  @Test
  void settingsLengthNotMultipleOfSixIsConnectionError() {
    assertConnectionError(ErrorCode.FRAME_SIZE_ERROR, "§6.5",
        failure(raw(SETTINGS, 0, 0, bytes(0, 1, 0, 0, 0))));
  }

  @Test
  void settingsEnablePushNotZeroOrOneIsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.5.2",
        failure(raw(SETTINGS, 0, 0, setting(Http2Settings.ENABLE_PUSH, 2))));
  }

  @Test
  void settingsInitialWindowSizeAbove2To31Minus1IsFlowControlError() {
    assertConnectionError(ErrorCode.FLOW_CONTROL_ERROR, "§6.5.2",
        failure(raw(SETTINGS, 0, 0, setting(Http2Settings.INITIAL_WINDOW_SIZE, 0x8000_0000L))));
  }

  @Test
  void settingsMaxFrameSizeBelow2To14IsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.5.2",
        failure(raw(SETTINGS, 0, 0, setting(Http2Settings.MAX_FRAME_SIZE, 16383))));
  }

  @Test
  void settingsMaxFrameSizeAbove2To24Minus1IsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.5.2",
        failure(raw(SETTINGS, 0, 0, setting(Http2Settings.MAX_FRAME_SIZE, 1 << 24))));
  }

  @Test
  void settingsUnknownIdsAreIgnored() throws Exception {
    assertEquals(List.of("SETTINGS ack=false {SETTINGS_HEADER_TABLE_SIZE=0, SETTINGS_MAX_HEADER_LIST_SIZE=4294967295}"),
        read(raw(SETTINGS, 0, 0, concat(setting(0x1234, 99), setting(1, 0), setting(0, 5),
            setting(6, 0xffff_ffffL)))));
  }

  @Test
  void pingLengthNotEightIsConnectionError() {
    assertConnectionError(ErrorCode.FRAME_SIZE_ERROR, "§6.7", failure(raw(PING, 0, 0, new byte[7])));
  }

  @Test
  void goAwayShorterThanEightIsConnectionError() {
    assertConnectionError(ErrorCode.FRAME_SIZE_ERROR, "§6.8", failure(raw(GOAWAY, 0, 0, new byte[7])));
  }

  @Test
  void goAwayMasksReservedBitAndKeepsDebugData() throws Exception {
    assertEquals(List.of("GOAWAY last=1 NO_ERROR 'why'"),
        read(raw(GOAWAY, 0, 0, bytes(0x80, 0, 0, 1, 0, 0, 0, 0, 'w', 'h', 'y'))));
  }

  @Test
  void goAwayWithUnknownCodeIsReportedWithTheValueSent() throws Exception {
    assertEquals(List.of("GOAWAY last=0 unknown error code 0xffffffff (treated as INTERNAL_ERROR, RFC 9113 §7) ''"),
        read(raw(GOAWAY, 0, 0, bytes(0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff))));
  }

  @Test
  void windowUpdateLengthNotFourIsConnectionError() {
    assertConnectionError(ErrorCode.FRAME_SIZE_ERROR, "§6.9",
        failure(raw(WINDOW_UPDATE, 0, 1, bytes(0, 0, 1))));
  }

  @Test
  void windowUpdateIncrementZeroOnAStreamIsStreamError() {
    assertStreamError(5, ErrorCode.PROTOCOL_ERROR, "§6.9",
        failure(raw(WINDOW_UPDATE, 0, 5, bytes(0, 0, 0, 0))));
  }

  @Test
  void windowUpdateIncrementZeroOnStreamZeroIsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.9",
        failure(raw(WINDOW_UPDATE, 0, 0, bytes(0x80, 0, 0, 0))));
  }

  @Test
  void reservedBitsOfStreamIdAndIncrementAreMasked() throws Exception {
    byte[] frame = bytes(0, 0, 4, WINDOW_UPDATE, 0, 0x80, 0, 0, 7, 0x80, 0, 0, 9);
    assertEquals(List.of("WINDOW_UPDATE 7 +9"), read(frame));
  }

  @Test
  void readerGoesOnAfterAStreamError() throws Exception {
    FrameReader reader = newReader();
    ByteBuffer in = ByteBuffer.wrap(concat(emptySettings(),
        raw(WINDOW_UPDATE, 0, 5, bytes(0, 0, 0, 0)), raw(RST_STREAM, 0, 5, bytes(0, 0, 0, 8))));
    assertThrows(Http2Exception.class, () -> reader.read(in, handler));
    reader.read(in, handler);
    assertEquals(List.of("SETTINGS ack=false {}", "RST_STREAM 5 CANCEL"), handler.events);
  }

  @Test
  void readerGoesOnAfterAStreamErrorInAFrameSplitAcrossReads() throws Exception {
    FrameReader reader = newReader();
    byte[] badPriority = raw(PRIORITY, 0, 3, bytes(0, 0, 0, 1));
    reader.read(ByteBuffer.wrap(concat(emptySettings(), Arrays.copyOf(badPriority, 5))), handler);
    ByteBuffer rest = ByteBuffer.wrap(concat(
        Arrays.copyOfRange(badPriority, 5, badPriority.length), raw(PING, 0, 0, new byte[8])));
    Http2Exception e = assertThrows(Http2Exception.class, () -> reader.read(rest, handler));
    assertStreamError(3, ErrorCode.FRAME_SIZE_ERROR, "§6.3", e);
    reader.read(rest, handler);
    assertEquals(List.of("SETTINGS ack=false {}", "PING ack=false 0"), handler.events);
  }

  @Test
  void handlerErrorsPropagateWithTheReaderPositionedAfterTheFrame() throws Exception {
    FrameReader reader = newReader();
    ByteBuffer in = ByteBuffer.wrap(concat(emptySettings(), raw(RST_STREAM, 0, 1, bytes(0, 0, 0, 8)),
        raw(RST_STREAM, 0, 3, bytes(0, 0, 0, 8))));
    RecordingHandler refusing = new RecordingHandler() {
      @Override
      public void rstStream(int streamId, int errorCode) {
        super.rstStream(streamId, errorCode);
        if (streamId == 1) {
          throw new IllegalStateException("handler failed");
        }
      }
    };
    assertThrows(IllegalStateException.class, () -> reader.read(in, refusing));
    reader.read(in, refusing);
    assertEquals(List.of("SETTINGS ack=false {}", "RST_STREAM 1 CANCEL", "RST_STREAM 3 CANCEL"),
        refusing.events);
  }

  @Test
  void pushPromiseMasksReservedBitOfPromisedStreamId() throws Exception {
    assertEquals(List.of("PUSH_PROMISE 1 promised=2 ''"),
        read(raw(PUSH_PROMISE, END_HEADERS, 1, bytes(0x80, 0, 0, 2))));
  }

  // Header blocks and CONTINUATION (RFC 9113 §6.10).

  @Test
  void continuationFramesAreJoinedIntoOneBlock() throws Exception {
    assertEquals(List.of("HEADERS 1 endStream=true 'abcdef'", "PUSH_PROMISE 1 promised=2 'xyz'"),
        read(raw(HEADERS, END_STREAM | PADDED, 1, bytes(1, 'a', 'b', 0)),
            raw(CONTINUATION, 0, 1, ascii("cd")),
            raw(CONTINUATION, 0, 1),
            raw(CONTINUATION, END_HEADERS, 1, ascii("ef")),
            raw(PUSH_PROMISE, 0, 1, bytes(0, 0, 0, 2, 'x')),
            raw(CONTINUATION, END_HEADERS, 1, ascii("yz"))));
  }

  @Test
  void insideHeaderBlockIsReportedUntilEndHeaders() throws Exception {
    FrameReader reader = newReader();
    Frames.readAll(reader, concat(emptySettings(), raw(HEADERS, 0, 1, ascii("a"))), handler);
    assertTrue(reader.isInsideHeaderBlock());
    Frames.readAll(reader, raw(CONTINUATION, END_HEADERS, 1, ascii("b")), handler);
    assertFalse(reader.isInsideHeaderBlock());
    assertEquals("HEADERS 1 endStream=false 'ab'", handler.events.get(1));
  }

  @Test
  void otherFrameInsideHeaderBlockIsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.10",
        failure(raw(HEADERS, 0, 1, ascii("a")), raw(PING, 0, 0, new byte[8])));
  }

  @Test
  void continuationOnAnotherStreamInsideHeaderBlockIsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.10",
        failure(raw(PUSH_PROMISE, 0, 1, bytes(0, 0, 0, 2)), raw(CONTINUATION, END_HEADERS, 3)));
  }

  @Test
  void unknownFrameInsideHeaderBlockIsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.10",
        failure(raw(HEADERS, 0, 1, ascii("a")), raw(0xbe, 0, 1)));
  }

  @Test
  void continuationWithoutHeaderBlockIsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.10",
        failure(raw(CONTINUATION, END_HEADERS, 1, ascii("a"))));
  }

  @Test
  void continuationAfterCompleteHeaderBlockIsConnectionError() {
    assertConnectionError(ErrorCode.PROTOCOL_ERROR, "§6.10",
        failure(raw(HEADERS, END_HEADERS, 1, ascii("a")), raw(CONTINUATION, END_HEADERS, 1)));
  }

  @Test
  void headerBlockBeyondMaxHeaderBlockSizeIsEnhanceYourCalm() {
    FrameReader reader = new FrameReader(false, 16384, 100);
    byte[] wire = concat(emptySettings(), raw(HEADERS, 0, 1, new byte[60]),
        raw(CONTINUATION, 0, 1, new byte[60]));
    Http2Exception e = assertThrows(Http2Exception.class, () -> Frames.readAll(reader, wire, handler));
    assertTrue(e.isConnectionError());
    assertEquals(ErrorCode.ENHANCE_YOUR_CALM, e.code());
    assertEquals(List.of("SETTINGS ack=false {}"), handler.events);
  }

  @Test
  void singleHeadersFrameBeyondMaxHeaderBlockSizeIsEnhanceYourCalm() {
    FrameReader reader = new FrameReader(false, 16384, 100);
    byte[] wire = concat(emptySettings(), raw(HEADERS, END_HEADERS, 1, new byte[101]));
    Http2Exception e = assertThrows(Http2Exception.class, () -> Frames.readAll(reader, wire, handler));
    assertEquals(ErrorCode.ENHANCE_YOUR_CALM, e.code());
  }

  // Unknown frame types (RFC 9113 §4.1, §5.5).

  @Test
  void unknownFrameTypesAreSkipped() throws Exception {
    assertEquals(List.of("UNKNOWN type=0xa 0 flags=0xff length=3", "UNKNOWN type=0xfa 9 flags=0x0 length=0",
        "PING ack=true 1"),
        read(raw(0x0a, 0xff, 0, bytes(1, 2, 3)), raw(0xfa, 0, 9), raw(PING, ACK, 0, bytes(0, 0, 0, 0, 0, 0, 0, 1))));
  }

  // Bytes arriving in pieces.

  private static byte[] mixedFrames() {
    byte[] big = new byte[20000];
    Arrays.fill(big, (byte) 'z');
    FrameWriter w = new FrameWriter();
    return concat(Preface.bytes(), emptySettings(), Frames.write(out -> {
      w.headers(out, 1, big, 0, big.length, false);
      w.data(out, 1, ByteBuffer.wrap(ascii("payload")), false);
      w.ping(out, false, 42);
    }), raw(DATA, PADDED | END_STREAM, 1, bytes(2, 'e', 'n', 'd', 0, 0)),
        raw(0x42, 0, 0, bytes(9, 9)),
        raw(WINDOW_UPDATE, 0, 0, bytes(0, 1, 0, 0)),
        raw(GOAWAY, 0, 0, bytes(0, 0, 0, 1, 0, 0, 0, 0, 'b', 'y', 'e')));
  }

  @Test
  void severalFramesInOneReadGiveEveryEventInOrder() throws Exception {
    FrameReader reader = new FrameReader(true, 16384, 1 << 16);
    Frames.readAll(reader, mixedFrames(), handler);
    assertEquals(List.of(
        "SETTINGS ack=false {}",
        "HEADERS 1 endStream=false '" + "z".repeat(20000) + "'",
        "DATA 1 endStream=false 'payload' flow=7",
        "PING ack=false 2a",
        "DATA 1 endStream=true 'end' flow=6",
        "UNKNOWN type=0x42 0 flags=0x0 length=2",
        "WINDOW_UPDATE 0 +65536",
        "GOAWAY last=1 NO_ERROR 'bye'"), handler.events);
  }

  @Test
  void framesFedOneByteAtATimeGiveTheSameEvents() throws Exception {
    assertSameEventsInChunksOf(1);
  }

  @Test
  void framesFedInOddChunksGiveTheSameEvents() throws Exception {
    for (int chunk : new int[] {2, 5, 8, 9, 10, 17, 100, 4096, 16393}) {
      assertSameEventsInChunksOf(chunk);
    }
  }

  private void assertSameEventsInChunksOf(int chunk) throws Http2Exception {
    RecordingHandler whole = new RecordingHandler();
    Frames.readAll(new FrameReader(true, 16384, 1 << 16), mixedFrames(), whole);
    RecordingHandler pieces = new RecordingHandler();
    Frames.readInChunks(new FrameReader(true, 16384, 1 << 16), mixedFrames(), chunk, pieces);
    assertEquals(whole.events, pieces.events, "chunks of " + chunk);
  }

  @Test
  void wholeFrameInTheCallersBufferIsHandedOverInPlace() throws Exception {
    ByteBuffer in = ByteBuffer.wrap(concat(emptySettings(), raw(DATA, 0, 1, ascii("abc"))));
    String[] seen = new String[1];
    boolean[] sameArray = new boolean[1];
    new FrameReader(false, 16384, 1024).read(in, new RecordingHandler() {
      @Override
      public void data(int streamId, boolean endStream, ByteBuffer payload, int flowControlled) {
        sameArray[0] = payload.hasArray() && payload.array() == in.array();
        seen[0] = RecordingHandler.text(payload); // valid during the call only
      }
    });
    assertFalse(in.hasRemaining(), "the caller's buffer is left after the frame");
    assertTrue(sameArray[0], "no copy");
    assertEquals("abc", seen[0]);
  }
}
