package dev.proxima.internal.http2;

import static dev.proxima.internal.http2.FrameLayout.CONTINUATION;
import static dev.proxima.internal.http2.FrameLayout.DATA;
import static dev.proxima.internal.http2.FrameLayout.END_HEADERS;
import static dev.proxima.internal.http2.FrameLayout.HEADERS;
import static dev.proxima.internal.http2.FrameLayout.PING;
import static dev.proxima.internal.http2.FrameLayout.PRIORITY;
import static dev.proxima.internal.http2.FrameLayout.RST_STREAM;
import static dev.proxima.internal.http2.FrameLayout.WINDOW_UPDATE;
import static dev.proxima.internal.http2.Frames.concat;
import static dev.proxima.internal.http2.Frames.emptySettings;
import static dev.proxima.internal.http2.Frames.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Sharp edges of {@link FrameReader} that FrameReaderTest does not already pin down (it covers
 * padding as long as the payload, a frame over the limit, SETTINGS not a multiple of 6, PING of 7
 * octets, WINDOW_UPDATE of 3, RST_STREAM of 5, PRIORITY of 4, CONTINUATION without a block or on
 * another stream, and a block over the limit): the other side of each length rule, and the bounds
 * themselves. {@link FrameReaderHostileInputTest} puts the same rules to seeded random input.
 */
class FrameReaderEdgeCasesTest {
  private static final int MAX_FRAME_SIZE = Http2Settings.DEFAULT_MAX_FRAME_SIZE;
  private static final int MAX_HEADER_BLOCK = 4096;

  @Test
  void fixedLengthFramesOneOctetTooLongAreFrameSizeErrors() {
    assertConnectionError(ErrorCode.FRAME_SIZE_ERROR, "§6.7", raw(PING, 0, 0, new byte[9]));
    assertConnectionError(ErrorCode.FRAME_SIZE_ERROR, "§6.9",
        raw(WINDOW_UPDATE, 0, 1, Frames.bytes(0, 0, 0, 1, 0)));
    assertConnectionError(ErrorCode.FRAME_SIZE_ERROR, "§6.4", raw(RST_STREAM, 0, 1, new byte[3]));
    Http2Exception e = failure(new FrameReader(false, MAX_FRAME_SIZE, MAX_HEADER_BLOCK),
        raw(PRIORITY, 0, 3, Frames.bytes(0, 0, 0, 1, 0, 0)));
    assertTrue(e.isStreamError(), e.getMessage());
    assertEquals(3, e.streamId());
    assertEquals(ErrorCode.FRAME_SIZE_ERROR, e.code());
  }

  @Test
  void frameOfExactlyMaxFrameSizeIsAccepted() throws Http2Exception {
    RecordingHandler handler = new RecordingHandler();
    Frames.readAll(new FrameReader(false, MAX_FRAME_SIZE, MAX_HEADER_BLOCK),
        concat(emptySettings(), raw(DATA, 0, 1, new byte[MAX_FRAME_SIZE])), handler);
    assertEquals("DATA 1 endStream=false '" + "\0".repeat(MAX_FRAME_SIZE) + "' flow=" + MAX_FRAME_SIZE,
        handler.events.get(1));
  }

  @Test
  void headerBlockOfExactlyTheLimitAcrossContinuationsIsDelivered() throws Http2Exception {
    RecordingHandler handler = new RecordingHandler();
    Frames.readAll(new FrameReader(false, MAX_FRAME_SIZE, 100), concat(emptySettings(),
        raw(HEADERS, 0, 1, new byte[60]), raw(CONTINUATION, END_HEADERS, 1, new byte[40])), handler);
    assertEquals("HEADERS 1 endStream=false '" + "\0".repeat(100) + "'", handler.events.get(1));
  }

  @Test
  void aHeaderBlockNeverEndedIsRefusedAtTheFirstContinuationPastTheLimit() throws Http2Exception {
    // RFC 9113 §10.5.1: the reader holds at most the limit; it does not wait for END_HEADERS.
    FrameReader reader = new FrameReader(false, MAX_FRAME_SIZE, 4096);
    RecordingHandler handler = new RecordingHandler();
    Frames.readAll(reader, concat(emptySettings(), raw(HEADERS, 0, 1, new byte[1000])), handler);
    for (int i = 0; i < 3; i++) {
      Frames.readInChunks(reader, raw(CONTINUATION, 0, 1, new byte[1000]), 7, handler);
    }
    Http2Exception e = assertThrows(Http2Exception.class,
        () -> Frames.readInChunks(reader, raw(CONTINUATION, 0, 1, new byte[1000]), 7, handler));
    assertTrue(e.isConnectionError(), e.getMessage());
    assertEquals(ErrorCode.ENHANCE_YOUR_CALM, e.code());
    assertTrue(e.getMessage().contains("exceeds 4096 octets (RFC 9113 §10.5.1)"), e.getMessage());
  }

  @Test
  void emptyContinuationsPastTheFragmentLimitAreEnhanceYourCalm() throws Http2Exception {
    // Empty fragments never reach the size limit; their count is bounded instead (RFC 9113 §10.5).
    byte[] headers = raw(HEADERS, 0, 1, new byte[1]);
    byte[] empty = raw(CONTINUATION, 0, 1);
    byte[][] allButTheLast = new byte[FrameReader.MAX_BLOCK_FRAGMENTS - 1][];
    Arrays.fill(allButTheLast, empty);
    RecordingHandler handler = new RecordingHandler();
    Frames.readAll(new FrameReader(false, MAX_FRAME_SIZE, MAX_HEADER_BLOCK), concat(emptySettings(),
        headers, concat(allButTheLast), raw(CONTINUATION, END_HEADERS, 1)), handler);
    assertEquals("HEADERS 1 endStream=false '\0'", handler.events.get(1),
        "a block may take " + FrameReader.MAX_BLOCK_FRAGMENTS + " CONTINUATION frames");

    Http2Exception e = failure(new FrameReader(false, MAX_FRAME_SIZE, MAX_HEADER_BLOCK),
        concat(headers, concat(allButTheLast), empty, empty));
    assertTrue(e.isConnectionError(), e.getMessage());
    assertEquals(ErrorCode.ENHANCE_YOUR_CALM, e.code());
  }

  private static void assertConnectionError(ErrorCode code, String section, byte[] frame) {
    Http2Exception e = failure(new FrameReader(false, MAX_FRAME_SIZE, MAX_HEADER_BLOCK), frame);
    assertTrue(e.isConnectionError(), e.getMessage());
    assertEquals(code, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains("(RFC 9113 " + section + ")"), e.getMessage());
  }

  /** The error from reading an empty SETTINGS frame and then {@code frames}. */
  private static Http2Exception failure(FrameReader reader, byte[] frames) {
    return assertThrows(Http2Exception.class,
        () -> Frames.readAll(reader, concat(emptySettings(), frames), new RecordingHandler()));
  }
}
