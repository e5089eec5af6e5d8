package dev.proxima.internal.http2;

import static dev.proxima.internal.http2.Frames.bytes;
import static dev.proxima.internal.http2.Frames.concat;
import static dev.proxima.internal.http2.Frames.emptySettings;
import static dev.proxima.internal.http2.Frames.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.proxima.internal.io.OutboundBuffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameWriterTest {
  private final FrameWriter writer = new FrameWriter();

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static List<String> readBack(byte[] wire) throws Http2Exception {
    RecordingHandler h = new RecordingHandler();
    FrameReader reader = new FrameReader(false, Http2Settings.MAX_MAX_FRAME_SIZE, 1 << 20);
    Frames.readAll(reader, concat(emptySettings(), wire), h);
    return h.events.subList(1, h.events.size());
  }

  // Byte-exact layouts: 24-bit length, type, flags, R + 31-bit stream id, payload (RFC 9113 §4.1).

  @Test
  void dataFrameLayout() {
    byte[] wire = write(out -> writer.data(out, 3, ByteBuffer.wrap(ascii("hi")), true));
    assertArrayEquals(bytes(0, 0, 2, 0x0, 0x1, 0, 0, 0, 3, 'h', 'i'), wire);
  }

  @Test
  void headersFrameLayout() {
    byte[] wire = write(out -> writer.headers(out, 0x7fff_ffff, ascii("xab"), 1, 2, false));
    assertArrayEquals(bytes(0, 0, 2, 0x1, 0x4, 0x7f, 0xff, 0xff, 0xff, 'a', 'b'), wire);
  }

  @Test
  void priorityFrameLayoutSetsExclusiveBitAndWeightMinusOne() {
    byte[] wire = write(out -> writer.priority(out, 5, 3, 256, true));
    assertArrayEquals(bytes(0, 0, 5, 0x2, 0, 0, 0, 0, 5, 0x80, 0, 0, 3, 0xff), wire);
  }

  @Test
  void rstStreamFrameLayout() {
    byte[] wire = write(out -> writer.rstStream(out, 1, ErrorCode.CANCEL));
    assertArrayEquals(bytes(0, 0, 4, 0x3, 0, 0, 0, 0, 1, 0, 0, 0, 8), wire);
  }

  @Test
  void settingsFrameLayoutListsParametersInIdOrder() {
    Http2Settings s = new Http2Settings()
        .set(Http2Settings.INITIAL_WINDOW_SIZE, 0x10000)
        .set(Http2Settings.ENABLE_PUSH, 0);
    byte[] wire = write(out -> writer.settings(out, s));
    assertArrayEquals(bytes(0, 0, 12, 0x4, 0, 0, 0, 0, 0,
        0, 2, 0, 0, 0, 0,
        0, 4, 0, 1, 0, 0), wire);
  }

  @Test
  void settingsAckLayout() {
    assertArrayEquals(bytes(0, 0, 0, 0x4, 0x1, 0, 0, 0, 0), write(writer::settingsAck));
  }

  @Test
  void pingFrameLayout() {
    byte[] wire = write(out -> writer.ping(out, true, 0x0102030405060708L));
    assertArrayEquals(bytes(0, 0, 8, 0x6, 0x1, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8), wire);
  }

  @Test
  void goAwayFrameLayout() {
    byte[] wire = write(out -> writer.goAway(out, 7, ErrorCode.PROTOCOL_ERROR, ascii("x")));
    assertArrayEquals(bytes(0, 0, 9, 0x7, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 1, 'x'), wire);
  }

  @Test
  void windowUpdateFrameLayout() {
    byte[] wire = write(out -> writer.windowUpdate(out, 0, 0x7fff_ffff));
    assertArrayEquals(bytes(0, 0, 4, 0x8, 0, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff), wire);
  }

  @Test
  void pushPromiseFrameLayout() {
    byte[] wire = write(out -> writer.pushPromise(out, 1, 2, ascii("h"), 0, 1));
    assertArrayEquals(bytes(0, 0, 5, 0x5, 0x4, 0, 0, 0, 1, 0, 0, 0, 2, 'h'), wire);
  }

  @Test
  void clientPrefaceIsWrittenVerbatim() {
    assertArrayEquals(Preface.bytes(), write(writer::clientPreface));
  }

  // Splitting by the peer's max frame size.

  @Test
  void headersLargerThanMaxFrameSizeAreSplitIntoContinuationFrames() throws Exception {
    byte[] block = new byte[16384 * 2 + 10];
    Arrays.fill(block, (byte) 'a');
    byte[] wire = write(out -> writer.headers(out, 1, block, 0, block.length, true));
    // HEADERS 16384 (END_STREAM), CONTINUATION 16384, CONTINUATION 10 (END_HEADERS)
    ByteBuffer b = ByteBuffer.wrap(wire);
    assertFrameHeader(b, 0, 16384, FrameType.HEADERS, FrameFlags.END_STREAM, 1);
    assertFrameHeader(b, 9 + 16384, 16384, FrameType.CONTINUATION, 0, 1);
    assertFrameHeader(b, 2 * (9 + 16384), 10, FrameType.CONTINUATION, FrameFlags.END_HEADERS, 1);
    assertEquals(3 * 9 + block.length, wire.length);
    assertEquals(List.of("HEADERS 1 endStream=true '" + "a".repeat(block.length) + "'"),
        readBack(wire));
  }

  @Test
  void headersExactlyMaxFrameSizeNeedNoContinuation() {
    byte[] block = new byte[16384];
    byte[] wire = write(out -> writer.headers(out, 1, block, 0, block.length, false));
    assertEquals(9 + 16384, wire.length);
    assertFrameHeader(ByteBuffer.wrap(wire), 0, 16384, FrameType.HEADERS, FrameFlags.END_HEADERS, 1);
  }

  @Test
  void pushPromiseCountsThePromisedIdAgainstMaxFrameSize() {
    byte[] block = new byte[16384];
    byte[] wire = write(out -> writer.pushPromise(out, 1, 2, block, 0, block.length));
    ByteBuffer b = ByteBuffer.wrap(wire);
    assertFrameHeader(b, 0, 16384, FrameType.PUSH_PROMISE, 0, 1);
    assertFrameHeader(b, 9 + 16384, 4, FrameType.CONTINUATION, FrameFlags.END_HEADERS, 1);
  }

  @Test
  void largerPeerMaxFrameSizeAllowsLargerFrames() {
    writer.setMaxFrameSize(20000);
    byte[] block = new byte[20000];
    byte[] wire = write(out -> writer.headers(out, 1, block, 0, block.length, false));
    assertEquals(9 + 20000, wire.length);
  }

  @Test
  void dataAboveMaxFrameSizeIsRejected() {
    OutboundBuffer out = new OutboundBuffer();
    assertThrows(IllegalArgumentException.class,
        () -> writer.data(out, 1, ByteBuffer.allocate(16385), false));
  }

  @Test
  void largeDataIsAppendedWithoutCopy() {
    OutboundBuffer out = new OutboundBuffer();
    ByteBuffer data = ByteBuffer.allocateDirect(8192);
    writer.data(out, 1, data, false);
    ByteBuffer[] chunks = out.drain();
    assertEquals(2, chunks.length);
    assertEquals(true, chunks[1] == data);
  }

  @Test
  void goAwayDebugDataIsCutToOneFrame() {
    byte[] debug = new byte[20000];
    byte[] wire = write(out -> writer.goAway(out, 0, ErrorCode.NO_ERROR, debug));
    assertEquals(9 + 16384, wire.length);
  }

  @Test
  void invalidArgumentsAreRejected() {
    OutboundBuffer out = new OutboundBuffer();
    assertThrows(IllegalArgumentException.class,
        () -> writer.data(out, 0, ByteBuffer.allocate(1), false));
    assertThrows(IllegalArgumentException.class, () -> writer.windowUpdate(out, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> writer.priority(out, 1, 0, 0, false));
    assertThrows(IllegalArgumentException.class, () -> writer.priority(out, 1, 0, 257, false));
    assertThrows(IllegalArgumentException.class, () -> writer.setMaxFrameSize(16383));
    assertThrows(IndexOutOfBoundsException.class,
        () -> writer.headers(out, 1, new byte[2], 1, 2, false));
  }

  // Round trip: every frame type through writer and reader.

  @Test
  void everyFrameTypeRoundTrips() throws Exception {
    Http2Settings settings = new Http2Settings()
        .set(Http2Settings.MAX_CONCURRENT_STREAMS, 100)
        .set(Http2Settings.INITIAL_WINDOW_SIZE, 1 << 20);
    byte[] wire = write(out -> {
      writer.data(out, 1, ByteBuffer.wrap(ascii("body")), true);
      writer.headers(out, 3, ascii("block"), 0, 5, false);
      writer.priority(out, 3, 1, 16, true);
      writer.rstStream(out, 3, ErrorCode.REFUSED_STREAM);
      writer.settings(out, settings);
      writer.settingsAck(out);
      writer.pushPromise(out, 1, 2, ascii("promise"), 0, 7);
      writer.ping(out, false, -1L);
      writer.goAway(out, 5, ErrorCode.ENHANCE_YOUR_CALM, ascii("calm"));
      writer.windowUpdate(out, 1, 1000);
    });
    assertEquals(List.of(
        "DATA 1 endStream=true 'body' flow=4",
        "HEADERS 3 endStream=false 'block'",
        "PRIORITY 3 dependency=1 weight=16 exclusive=true",
        "RST_STREAM 3 REFUSED_STREAM",
        "SETTINGS ack=false {SETTINGS_MAX_CONCURRENT_STREAMS=100, SETTINGS_INITIAL_WINDOW_SIZE=1048576}",
        "SETTINGS ack=true {}",
        "PUSH_PROMISE 1 promised=2 'promise'",
        "PING ack=false ffffffffffffffff",
        "GOAWAY last=5 ENHANCE_YOUR_CALM 'calm'",
        "WINDOW_UPDATE 1 +1000"), readBack(wire));
  }

  @Test
  void paddedFramesRoundTripWithoutPadding() throws Exception {
    int padded = FrameFlags.PADDED;
    byte[] wire = concat(
        Frames.raw(0x0, padded | FrameFlags.END_STREAM, 1, bytes(3, 'a', 'b', 0, 0, 0)),
        Frames.raw(0x1, padded | FrameFlags.END_HEADERS | FrameFlags.PRIORITY, 3,
            bytes(2, 0x80, 0, 0, 1, 255, 'h', 'b', 0, 0)),
        Frames.raw(0x5, padded | FrameFlags.END_HEADERS, 1, bytes(1, 0, 0, 0, 4, 'p', 0)),
        Frames.raw(0x0, padded, 1, bytes(0)));
    assertEquals(List.of(
        "DATA 1 endStream=true 'ab' flow=6",
        "HEADERS 3 endStream=false 'hb'",
        "PUSH_PROMISE 1 promised=4 'p'",
        "DATA 1 endStream=false '' flow=1"), readBack(wire));
  }

  @Test
  void rawFrameWritesFieldsUnchecked() {
    byte[] wire = Frames.raw(0xfe, 0xff, -1, bytes(1));
    assertArrayEquals(bytes(0, 0, 1, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 1), wire);
  }

  private static void assertFrameHeader(ByteBuffer b, int at, int length, FrameType type, int flags,
      int streamId) {
    int actualLength = (b.get(at) & 0xff) << 16 | (b.get(at + 1) & 0xff) << 8 | b.get(at + 2) & 0xff;
    assertEquals(length, actualLength, "length");
    assertEquals(type.code(), b.get(at + 3), "type");
    assertEquals(flags, b.get(at + 4), "flags");
    assertEquals(streamId, b.getInt(at + 5), "stream id");
  }
}
