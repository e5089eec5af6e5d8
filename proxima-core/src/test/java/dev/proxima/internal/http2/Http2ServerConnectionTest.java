package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.io.EventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our server connection against a scripted peer: each test sends the frames a rule of RFC 9113
 * talks about and checks the exact frames that come back.
 */
@Timeout(20)
class Http2ServerConnectionTest {
  private final EventLoopGroup group = new EventLoopGroup(1, "test-loop", true);
  private Http2Server server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    group.close();
  }

  /** Answers 200 and echoes the body; "/hold" answers headers only and keeps the stream open. */
  private static final class Echo implements Http2StreamListener {
    @Override
    public void onHeaders(Http2Stream stream, List<HeaderField> headers, boolean endStream) {
      boolean hold = headers.stream().anyMatch(f -> f.name().equals(":path") && f.value().equals("/hold"));
      stream.sendHeaders(List.of(new HeaderField(":status", "200")), endStream && !hold);
    }

    @Override
    public void onData(Http2Stream stream, ByteBuffer data, boolean endStream) {
      stream.sendData(ByteBuffer.allocate(data.remaining()).put(data).flip(), endStream);
    }
  }

  private RawPeer start(Http2Config config) throws Exception {
    return start(config, s -> new Echo());
  }

  private RawPeer start(Http2Config config, StreamAcceptor acceptor) throws Exception {
    server = Http2Server.start(group, new InetSocketAddress("127.0.0.1", 0), config, acceptor);
    return new RawPeer(server.localAddress());
  }

  /** Sends {@code count} frames, stopping quietly once the server has closed the socket. */
  private static void flood(RawPeer peer, int count, int type, int flags, int streamId, byte[] payload) {
    for (int i = 0; i < count; i++) {
      try {
        peer.frame(type, flags, streamId, payload);
      } catch (java.io.IOException closed) {
        return;
      }
    }
  }

  private RawPeer started() throws Exception {
    return start(Http2Config.defaults()).handshake();
  }

  @Test
  void serverSendsSettingsFirstAndAcknowledgesOurs() throws Exception {
    try (RawPeer peer = start(Http2Config.builder().maxConcurrentStreams(7).build())) {
      peer.handshake();
      // handshake() already required the server's SETTINGS and its ACK of ours
      Http2Settings s = (Http2Settings) peer.events.stream().findFirst().map(RawPeer.Event::detail).orElse(null);
      assertTrue(s == null || s.maxConcurrentStreams() == 7);
    }
  }

  @Test
  void advertisedSettingsCarryTheConfiguredLimits() throws Exception {
    try (RawPeer peer = start(Http2Config.builder().maxConcurrentStreams(7).maxHeaderListSize(9000).build())) {
      peer.raw(Preface.bytes());
      peer.frame(4, 0, 0, new byte[0]);
      Http2Settings s = (Http2Settings) peer.expect(e -> e.type() == FrameType.SETTINGS && !e.flag(), "SETTINGS").detail();
      assertEquals(7, s.maxConcurrentStreams());
      assertEquals(9000, s.maxHeaderListSize());
    }
  }

  @Test
  void badPrefaceIsProtocolError() throws Exception {
    try (RawPeer peer = start(Http2Config.defaults())) {
      peer.raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertEquals(ErrorCode.PROTOCOL_ERROR, peer.expectGoAway().code());
      assertTrue(peer.awaitClosed());
    }
  }

  @Test
  void pingIsAcknowledgedWithTheSamePayload() throws Exception {
    try (RawPeer peer = started()) {
      peer.frame(6, 0, 0, ByteBuffer.allocate(8).putLong(0x1122334455667788L).array());
      RawPeer.Event ack = peer.expect(e -> e.type() == FrameType.PING, "PING ACK");
      assertTrue(ack.flag());
      assertEquals(0x1122334455667788L, ack.detail());
    }
  }

  @Test
  void requestIsAnsweredOnItsStream() throws Exception {
    try (RawPeer peer = started()) {
      peer.request(1, "POST", "/echo", false);
      peer.data(1, "ping".getBytes(StandardCharsets.US_ASCII), true);
      RawPeer.Event h = peer.expect(e -> e.type() == FrameType.HEADERS, "response headers");
      assertEquals(1, h.streamId());
      assertEquals("200", h.header(":status"));
      RawPeer.Event d = peer.expect(e -> e.type() == FrameType.DATA, "response data");
      assertArrayEquals("ping".getBytes(StandardCharsets.US_ASCII), (byte[]) d.detail());
      assertTrue(d.flag(), "END_STREAM on the last DATA frame");
    }
  }

  @Test
  void evenStreamIdFromClientIsProtocolError() throws Exception {
    try (RawPeer peer = started()) {
      peer.request(2, "GET", "/", true);
      RawPeer.GoAway g = peer.expectGoAway();
      assertEquals(ErrorCode.PROTOCOL_ERROR, g.code());
      assertTrue(peer.awaitClosed());
    }
  }

  @Test
  void decreasingStreamIdIsResetStreamClosedNotServedNorLeftWaiting() throws Exception {
    try (RawPeer peer = started()) {
      peer.request(5, "GET", "/", true);
      peer.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == 5, "response on 5");
      peer.request(3, "GET", "/", true); // 3 < 5: stream 3 is closed (RFC 9113 §5.1.1)
      assertEquals(ErrorCode.STREAM_CLOSED, peer.expectReset(3), "the request hears it went nowhere");
      assertTrue(peer.events.stream().noneMatch(e -> e.type() == FrameType.HEADERS && e.streamId() == 3));
      peer.request(7, "GET", "/", true);
      assertEquals("200", peer.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == 7, "response on 7")
          .header(":status"), "the connection's other streams go on");
    }
  }

  @Test
  void headersOnAStreamClosedBothWaysAreResetStreamClosed() throws Exception {
    try (RawPeer peer = started()) {
      peer.request(1, "GET", "/", true);
      assertTrue(peer.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == 1, "response on 1").flag());
      peer.request(1, "GET", "/", true); // RFC 9113 §5.1 closed: the id cannot be used again
      assertEquals(ErrorCode.STREAM_CLOSED, peer.expectReset(1));
      peer.request(3, "GET", "/", true);
      assertEquals("200", peer.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == 3, "response on 3")
          .header(":status"));
    }
  }

  @Test
  void windowUpdateOfZeroOnAnIdleStreamIsConnectionProtocolErrorNotAResetOfTheIdleStream() throws Exception {
    try (RawPeer peer = started()) {
      peer.frame(8, 0, 9, new byte[4]); // RFC 9113 §6.9 makes it a stream error; §6.4 forbids RST on idle
      assertEquals(ErrorCode.PROTOCOL_ERROR, peer.expectGoAway().code());
      assertTrue(peer.awaitClosed());
      assertTrue(peer.events.stream().noneMatch(e -> e.type() == FrameType.RST_STREAM), "no RST_STREAM on idle 9");
    }
  }

  @Test
  void priorityOfWrongLengthOnAnIdleStreamIsConnectionFrameSizeErrorNotAResetOfTheIdleStream() throws Exception {
    try (RawPeer peer = started()) {
      peer.frame(2, 0, 9, new byte[4]); // RFC 9113 §6.3 makes it a stream error; §6.4 forbids RST on idle
      assertEquals(ErrorCode.FRAME_SIZE_ERROR, peer.expectGoAway().code());
      assertTrue(peer.awaitClosed());
      assertTrue(peer.events.stream().noneMatch(e -> e.type() == FrameType.RST_STREAM), "no RST_STREAM on idle 9");
    }
  }

  @Test
  void priorityOfWrongLengthOnAnOpenStreamResetsOnlyThatStream() throws Exception {
    try (RawPeer peer = started()) {
      peer.request(1, "POST", "/hold", false);
      peer.frame(2, 0, 1, new byte[4]);
      assertEquals(ErrorCode.FRAME_SIZE_ERROR, peer.expectReset(1));
      peer.request(3, "GET", "/", true);
      assertEquals("200", peer.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == 3, "response on 3")
          .header(":status"));
    }
  }

  @Test
  void dataOnIdleStreamIsConnectionProtocolError() throws Exception {
    try (RawPeer peer = started()) {
      peer.data(9, new byte[3], false);
      assertEquals(ErrorCode.PROTOCOL_ERROR, peer.expectGoAway().code());
    }
  }

  @Test
  void streamsBeyondMaxConcurrentStreamsAreRefused() throws Exception {
    try (RawPeer peer = start(Http2Config.builder().maxConcurrentStreams(2).build()).handshake()) {
      peer.request(1, "POST", "/hold", false);
      peer.request(3, "POST", "/hold", false);
      peer.request(5, "POST", "/hold", false);
      assertEquals(ErrorCode.REFUSED_STREAM, peer.expectReset(5));
      // Closing one frees a slot.
      peer.data(1, new byte[0], true);
      peer.request(7, "GET", "/", true);
      peer.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == 7, "response on 7");
    }
  }

  @Test
  void malformedHeadersResetOnlyThatStream() throws Exception {
    try (RawPeer peer = started()) {
      peer.request(1, "POST", "/hold", false);
      peer.request(3, "GET", "/", true, new HeaderField("Upper-Case", "x"));
      assertEquals(ErrorCode.PROTOCOL_ERROR, peer.expectReset(3));
      peer.data(1, "still".getBytes(StandardCharsets.US_ASCII), true);
      RawPeer.Event d = peer.expect(e -> e.type() == FrameType.DATA && e.streamId() == 1, "stream 1 goes on");
      assertArrayEquals("still".getBytes(StandardCharsets.US_ASCII), (byte[]) d.detail());
    }
  }

  @Test
  void connectionSpecificHeaderIsMalformed() throws Exception {
    try (RawPeer peer = started()) {
      peer.request(1, "GET", "/", true, new HeaderField("connection", "keep-alive"));
      assertEquals(ErrorCode.PROTOCOL_ERROR, peer.expectReset(1));
    }
  }

  @Test
  void requestWithoutPathIsMalformed() throws Exception {
    try (RawPeer peer = started()) {
      peer.headers(1, List.of(new HeaderField(":method", "GET"), new HeaderField(":scheme", "http")), true);
      assertEquals(ErrorCode.PROTOCOL_ERROR, peer.expectReset(1));
    }
  }

  @Test
  void headerListAboveTheLimitIsAnswered431() throws Exception {
    try (RawPeer peer = start(Http2Config.builder().maxHeaderListSize(1024).build()).handshake()) {
      peer.request(1, "GET", "/", true, new HeaderField("x-big", "a".repeat(4000)));
      RawPeer.Event h = peer.expect(e -> e.type() == FrameType.HEADERS, "431 response");
      assertEquals("431", h.header(":status"));
      // The connection survives and HPACK state is intact.
      peer.request(3, "GET", "/", true);
      assertEquals("200", peer.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == 3, "next").header(":status"));
    }
  }

  @Test
  void aHeaderListLimitOfAGibibyteAdmitsHeaderBlocksAbove64KiB() throws Exception {
    // The largest header block buffered is twice the list limit; computed in int, 2 × 2^30 wrapped
    // negative and the 64 KiB floor applied instead, so this request got ENHANCE_YOUR_CALM.
    try (RawPeer peer = start(Http2Config.builder().maxHeaderListSize(1 << 30).build()).handshake()) {
      peer.request(1, "GET", "/", true, new HeaderField("x-big", "a".repeat(200_000))); // ~125 KB coded
      RawPeer.Event h = peer.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == 1, "response");
      assertEquals("200", h.header(":status"));
    }
  }

  // RFC 9113 §8.1.1: a request whose DATA does not add up to its content-length is malformed.

  private static HeaderField contentLength(String value) {
    return new HeaderField("content-length", value);
  }

  /** How the handler's stream ended, up to the rule: the reset reason goes on with the stream. */
  private static String reason(RecordingStream handler) throws Exception {
    String ending = handler.ending.get(5, java.util.concurrent.TimeUnit.SECONDS);
    int rule = ending.indexOf(')');
    return rule < 0 ? ending : ending.substring(0, rule + 1);
  }

  /** Sends a request with {@code contentLength} and DATA frames of {@code frames} octets, the last ending the stream. */
  private String requestEndingOf(String contentLength, int... frames) throws Exception {
    RecordingStream handler = new RecordingStream();
    try (RawPeer peer = start(Http2Config.defaults(), s -> handler).handshake()) {
      peer.request(1, "POST", "/", false, contentLength(contentLength));
      for (int i = 0; i < frames.length; i++) {
        peer.data(1, new byte[frames[i]], i == frames.length - 1);
      }
      assertEquals(ErrorCode.PROTOCOL_ERROR, peer.expectReset(1));
      return reason(handler);
    }
  }

  @Test
  void dataThatAddsUpToTheContentLengthIsAccepted() throws Exception {
    try (RawPeer peer = started()) {
      peer.request(1, "POST", "/echo", false, contentLength("8"));
      peer.data(1, "ping".getBytes(StandardCharsets.US_ASCII), false);
      peer.data(1, "pong".getBytes(StandardCharsets.US_ASCII), true);
      ByteArrayOutputStream echoed = new ByteArrayOutputStream();
      while (echoed.size() < 8) {
        echoed.writeBytes((byte[]) peer.expect(e -> e.type() == FrameType.DATA && e.streamId() == 1, "echo").detail());
      }
      assertEquals("pingpong", echoed.toString(StandardCharsets.US_ASCII));
      peer.request(3, "POST", "/echo", true, contentLength("0"));
      assertEquals("200", peer.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == 3, "empty").header(":status"));
      peer.request(5, "POST", "/echo", false, contentLength("4, 4"), contentLength("4"));
      peer.data(5, "same".getBytes(StandardCharsets.US_ASCII), true);
      assertArrayEquals("same".getBytes(StandardCharsets.US_ASCII),
          (byte[]) peer.expect(e -> e.type() == FrameType.DATA && e.streamId() == 5, "a list of one value").detail());
    }
  }

  @Test
  void aDataFrameBeyondTheContentLengthIsMalformedAndNotDelivered() throws Exception {
    RecordingStream handler = new RecordingStream();
    try (RawPeer peer = start(Http2Config.defaults(), s -> handler).handshake()) {
      peer.request(1, "POST", "/", false, contentLength("10"));
      peer.data(1, new byte[12], false);
      assertEquals(ErrorCode.PROTOCOL_ERROR, peer.expectReset(1));
      assertEquals("PROTOCOL_ERROR: content-length 10 but 12 octets of DATA (RFC 9113 §8.1.1)", reason(handler));
      assertEquals(0, handler.octets.get(), "a malformed request is not forwarded (RFC 9113 §8.1.1)");
    }
  }

  @Test
  void dataFramesThatTogetherGoBeyondTheContentLengthAreMalformed() throws Exception {
    assertEquals("PROTOCOL_ERROR: content-length 10 but 12 octets of DATA (RFC 9113 §8.1.1)",
        requestEndingOf("10", 6, 6));
  }

  @Test
  void endStreamBeforeTheContentLengthIsReachedIsMalformed() throws Exception {
    assertEquals("PROTOCOL_ERROR: content-length 10 but 4 octets of DATA (RFC 9113 §8.1.1)",
        requestEndingOf("10", 4));
  }

  @Test
  void headersEndingTheStreamBeforeTheContentLengthIsReachedAreMalformedAndNotServed() throws Exception {
    RecordingStream handler = new RecordingStream();
    try (RawPeer peer = start(Http2Config.defaults(), s -> handler).handshake()) {
      peer.request(1, "POST", "/", true, contentLength("10"));
      assertEquals(ErrorCode.PROTOCOL_ERROR, peer.expectReset(1));
      peer.request(3, "POST", "/", true, contentLength("0"));
      assertEquals("end", handler.ending.get(5, java.util.concurrent.TimeUnit.SECONDS),
          "the connection goes on: a request that adds up is served");
    }
  }

  @Test
  void trailersBeforeTheContentLengthIsReachedAreMalformed() throws Exception {
    RecordingStream handler = new RecordingStream();
    try (RawPeer peer = start(Http2Config.defaults(), s -> handler).handshake()) {
      peer.request(1, "POST", "/", false, contentLength("10"));
      peer.data(1, new byte[4], false);
      peer.headers(1, List.of(new HeaderField("x-trailer", "t")), true);
      assertEquals(ErrorCode.PROTOCOL_ERROR, peer.expectReset(1));
      assertEquals("PROTOCOL_ERROR: content-length 10 but 4 octets of DATA (RFC 9113 §8.1.1)", reason(handler));
    }
  }

  @Test
  void aContentLengthThatIsNotOneDecimalNumberIsMalformed() throws Exception {
    try (RawPeer peer = started()) {
      peer.request(1, "POST", "/hold", false);
      String[] values = {"abc", "-1", "1,2", "", "1 2", "+5", "5,", "99999999999999999999"};
      for (int i = 0; i < values.length; i++) {
        peer.request(3 + 2 * i, "POST", "/", false, contentLength(values[i]));
        assertEquals(ErrorCode.PROTOCOL_ERROR, peer.expectReset(3 + 2 * i), "content-length '" + values[i] + "'");
      }
      peer.request(99, "POST", "/", false, contentLength("1"), contentLength("2"));
      assertEquals(ErrorCode.PROTOCOL_ERROR, peer.expectReset(99), "two content-length fields that differ");
      peer.data(1, "still".getBytes(StandardCharsets.US_ASCII), true);
      RawPeer.Event d = peer.expect(e -> e.type() == FrameType.DATA && e.streamId() == 1, "stream 1 goes on");
      assertArrayEquals("still".getBytes(StandardCharsets.US_ASCII), (byte[]) d.detail());
    }
  }

  @Test
  void dataBeyondTheStreamWindowIsStreamFlowControlError() throws Exception {
    try (RawPeer peer = start(Http2Config.builder().initialStreamWindow(100).windowAutoTuning(false).build()).handshake()) {
      peer.request(1, "POST", "/hold", false);
      peer.data(1, new byte[101], false);
      assertEquals(ErrorCode.FLOW_CONTROL_ERROR, peer.expectReset(1));
    }
  }

  @Test
  void dataBeyondTheConnectionWindowIsConnectionFlowControlError() throws Exception {
    Http2Config config = Http2Config.builder().connectionWindow(65535).initialStreamWindow(1 << 20)
        .windowAutoTuning(false).build();
    StreamAcceptor neverConsumes = stream -> {
      stream.setAutoConsume(false);
      return new Http2StreamListener() {};
    };
    try (RawPeer peer = start(config, neverConsumes).handshake()) {
      peer.request(1, "POST", "/hold", false);
      // The handler never gives the bytes back, so the connection window runs out after 65535.
      for (int i = 0; i < 5; i++) {
        peer.data(1, new byte[16384], false);
      }
      assertEquals(ErrorCode.FLOW_CONTROL_ERROR, peer.expectGoAway().code());
    }
  }

  @Test
  void peerInitialWindowOfZeroHoldsResponseDataUntilWindowUpdate() throws Exception {
    try (RawPeer peer = start(Http2Config.defaults())) {
      peer.handshake(new Http2Settings().set(Http2Settings.INITIAL_WINDOW_SIZE, 0));
      peer.request(1, "POST", "/echo", false);
      peer.data(1, "0123456789".getBytes(StandardCharsets.US_ASCII), true);
      peer.expect(e -> e.type() == FrameType.HEADERS, "headers are not flow-controlled");
      peer.frame(6, 0, 0, new byte[8]);
      peer.expect(e -> e.type() == FrameType.PING, "PING ACK");
      assertTrue(peer.events.stream().noneMatch(e -> e.type() == FrameType.DATA), "no DATA with a zero window");
      peer.frame(8, 0, 1, ByteBuffer.allocate(4).putInt(4).array());
      RawPeer.Event d = peer.expect(e -> e.type() == FrameType.DATA, "4 bytes");
      assertEquals(4, ((byte[]) d.detail()).length);
      assertFalse(d.flag());
      peer.frame(8, 0, 1, ByteBuffer.allocate(4).putInt(100).array());
      RawPeer.Event rest = peer.expect(e -> e.type() == FrameType.DATA, "the rest");
      assertEquals("456789", new String((byte[]) rest.detail(), StandardCharsets.US_ASCII));
    }
  }

  @Test
  void dataQueuedInSeveralBuffersUsesTheWholeWindow() throws Exception {
    // Three 10-byte buffers queued behind a zero window, then a 25-byte window: frames of 10, 10
    // and 5 bytes, and the last 5 after a WINDOW_UPDATE of 5. Each frame debits the window by what
    // it carries (§6.9.1), not by what the window would have allowed.
    StreamAcceptor threeBuffers = s -> new Http2StreamListener() {
      @Override
      public void onHeaders(Http2Stream stream, List<HeaderField> headers, boolean endStream) {
        stream.sendHeaders(List.of(new HeaderField(":status", "200")), false);
        stream.sendData(ByteBuffer.wrap("0123456789".getBytes(StandardCharsets.US_ASCII)), false);
        stream.sendData(ByteBuffer.wrap("abcdefghij".getBytes(StandardCharsets.US_ASCII)), false);
        stream.sendData(ByteBuffer.wrap("ABCDEFGHIJ".getBytes(StandardCharsets.US_ASCII)), true);
      }
    };
    try (RawPeer peer = start(Http2Config.defaults(), threeBuffers)) {
      peer.handshake(new Http2Settings().set(Http2Settings.INITIAL_WINDOW_SIZE, 0));
      peer.request(1, "GET", "/", true);
      peer.expect(e -> e.type() == FrameType.HEADERS, "headers are not flow-controlled");
      peer.frame(8, 0, 1, ByteBuffer.allocate(4).putInt(25).array());
      StringBuilder got = new StringBuilder();
      while (got.length() < 25) {
        RawPeer.Event d = peer.expect(e -> e.type() == FrameType.DATA, "DATA within the 25-byte window");
        got.append(new String((byte[]) d.detail(), StandardCharsets.US_ASCII));
      }
      assertEquals("0123456789abcdefghijABCDE", got.toString());
      peer.frame(8, 0, 1, ByteBuffer.allocate(4).putInt(5).array());
      RawPeer.Event last = peer.expect(e -> e.type() == FrameType.DATA, "the last 5 bytes");
      assertEquals("FGHIJ", new String((byte[]) last.detail(), StandardCharsets.US_ASCII));
      assertTrue(last.flag(), "END_STREAM");
    }
  }

  @Test
  void initialWindowShrinkMakesOpenStreamWindowNegative() throws Exception {
    try (RawPeer peer = start(Http2Config.defaults())) {
      peer.handshake(new Http2Settings().set(Http2Settings.INITIAL_WINDOW_SIZE, 10));
      peer.request(1, "POST", "/echo", false);
      peer.data(1, "0123456789".getBytes(StandardCharsets.US_ASCII), false);
      peer.expect(e -> e.type() == FrameType.DATA, "the 10 bytes the window allows");
      // Shrink to 4: the stream's window is now 4 - 10 = -6 (RFC 9113 §6.9.2).
      peer.frame(4, 0, 0, ByteBuffer.allocate(6).putShort((short) 4).putInt(4).array());
      peer.data(1, "abc".getBytes(StandardCharsets.US_ASCII), true);
      peer.expect(e -> e.type() == FrameType.SETTINGS && e.flag(), "ACK of the new settings");
      peer.frame(8, 0, 1, ByteBuffer.allocate(4).putInt(6).array()); // back to 0: still nothing
      peer.frame(6, 0, 0, new byte[8]);
      peer.expect(e -> e.type() == FrameType.PING, "PING ACK");
      assertTrue(peer.events.stream().noneMatch(e -> e.type() == FrameType.DATA));
      peer.frame(8, 0, 1, ByteBuffer.allocate(4).putInt(3).array());
      RawPeer.Event d = peer.expect(e -> e.type() == FrameType.DATA, "abc");
      assertEquals("abc", new String((byte[]) d.detail(), StandardCharsets.US_ASCII));
    }
  }

  @Test
  void windowUpdateOverflowOnConnectionIsFlowControlError() throws Exception {
    try (RawPeer peer = started()) {
      peer.frame(8, 0, 0, ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array());
      assertEquals(ErrorCode.FLOW_CONTROL_ERROR, peer.expectGoAway().code());
    }
  }

  @Test
  void windowUpdateOverflowOnStreamResetsTheStream() throws Exception {
    try (RawPeer peer = started()) {
      peer.request(1, "POST", "/hold", false);
      peer.frame(8, 0, 1, ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array());
      assertEquals(ErrorCode.FLOW_CONTROL_ERROR, peer.expectReset(1));
    }
  }

  @Test
  void rstStreamOnIdleStreamIsProtocolError() throws Exception {
    try (RawPeer peer = started()) {
      peer.frame(3, 0, 11, ByteBuffer.allocate(4).putInt(8).array());
      assertEquals(ErrorCode.PROTOCOL_ERROR, peer.expectGoAway().code());
    }
  }

  @Test
  void rstStreamWithAnUnknownCodeIsInternalErrorAndTheReasonShowsTheValueSent() throws Exception {
    // RFC 9113 §7: an unknown code means INTERNAL_ERROR; whoever reads the reason sees what came.
    CompletableFuture<ErrorCode> code = new CompletableFuture<>();
    CompletableFuture<String> reason = new CompletableFuture<>();
    try (RawPeer peer = start(Http2Config.defaults(), s -> new Http2StreamListener() {
      @Override
      public void onReset(Http2Stream stream, ErrorCode c, String r) {
        code.complete(c);
        reason.complete(r);
      }
    }).handshake()) {
      peer.request(1, "POST", "/hold", false);
      peer.frame(3, 0, 1, ByteBuffer.allocate(4).putInt(0x1234).array());
      assertEquals(ErrorCode.INTERNAL_ERROR, code.get(5, TimeUnit.SECONDS));
      assertEquals("the peer reset stream 1 with RST_STREAM unknown error code 0x1234"
          + " (treated as INTERNAL_ERROR, RFC 9113 §7) (RFC 9113 §6.4)", reason.get(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void rapidResetFloodIsEnhanceYourCalm() throws Exception {
    Http2Config config = Http2Config.builder()
        .resetFloodLimit(new Http2Config.FloodLimit(50, Duration.ofSeconds(10))).build();
    try (RawPeer peer = start(config).handshake()) {
      try {
        for (int id = 1; id < 2 * 200; id += 2) {
          peer.request(id, "POST", "/hold", false);
          peer.frame(3, 0, id, ByteBuffer.allocate(4).putInt(8).array());
        }
      } catch (java.io.IOException closed) {
        // the server may close before we are done: that is the point
      }
      assertEquals(ErrorCode.ENHANCE_YOUR_CALM, peer.expectGoAway().code());
      assertTrue(peer.awaitClosed());
    }
  }

  @Test
  void pingFloodIsEnhanceYourCalm() throws Exception {
    Http2Config config = Http2Config.builder()
        .pingFloodLimit(new Http2Config.FloodLimit(100, Duration.ofSeconds(10))).build();
    try (RawPeer peer = start(config).handshake()) {
      flood(peer, 200, 6, 0, 0, new byte[8]);
      assertEquals(ErrorCode.ENHANCE_YOUR_CALM, peer.expectGoAway().code());
    }
  }

  @Test
  void settingsFloodIsEnhanceYourCalm() throws Exception {
    Http2Config config = Http2Config.builder()
        .settingsFloodLimit(new Http2Config.FloodLimit(100, Duration.ofSeconds(10))).build();
    try (RawPeer peer = start(config).handshake()) {
      flood(peer, 200, 4, 0, 0, new byte[0]);
      assertEquals(ErrorCode.ENHANCE_YOUR_CALM, peer.expectGoAway().code());
    }
  }

  @Test
  void emptyDataFloodIsEnhanceYourCalm() throws Exception {
    Http2Config config = Http2Config.builder()
        .emptyFrameFloodLimit(new Http2Config.FloodLimit(100, Duration.ofSeconds(10))).build();
    try (RawPeer peer = start(config).handshake()) {
      peer.request(1, "POST", "/hold", false);
      flood(peer, 200, 0, 0, 1, new byte[0]);
      assertEquals(ErrorCode.ENHANCE_YOUR_CALM, peer.expectGoAway().code());
    }
  }

  @Test
  void continuationWithoutEndIsStopped() throws Exception {
    try (RawPeer peer = started()) {
      // HEADERS without END_HEADERS, then CONTINUATION frames that never end the block.
      peer.frame(1, 0, 1, new byte[] {(byte) 0x82});
      flood(peer, 200, 9, 0, 1, new byte[16000]);
      RawPeer.GoAway g = peer.expectGoAway();
      assertTrue(g.code() == ErrorCode.ENHANCE_YOUR_CALM || g.code() == ErrorCode.PROTOCOL_ERROR, g.toString());
    }
  }

  @Test
  void emptyContinuationFloodIsStopped() throws Exception {
    try (RawPeer peer = started()) {
      peer.frame(1, 0, 1, new byte[] {(byte) 0x82});
      flood(peer, 20000, 9, 0, 1, new byte[0]);
      assertEquals(ErrorCode.ENHANCE_YOUR_CALM, peer.expectGoAway().code());
    }
  }

  @Test
  void pushPromiseFromClientIsProtocolError() throws Exception {
    try (RawPeer peer = started()) {
      peer.frame(5, 4, 1, new byte[] {0, 0, 0, 2, (byte) 0x82});
      assertEquals(ErrorCode.PROTOCOL_ERROR, peer.expectGoAway().code());
    }
  }

  @Test
  void unknownFrameTypeIsIgnored() throws Exception {
    try (RawPeer peer = started()) {
      peer.frame(0x42, 0xff, 1, new byte[] {1, 2, 3});
      peer.frame(6, 0, 0, new byte[8]);
      peer.expect(e -> e.type() == FrameType.PING, "connection still answers");
    }
  }

  @Test
  void gracefulShutdownSendsGoAwayAndLetsOpenStreamsFinish() throws Exception {
    try (RawPeer peer = started()) {
      peer.request(1, "POST", "/echo", false);
      peer.expect(e -> e.type() == FrameType.HEADERS, "response headers");
      var done = server.shutdown();
      RawPeer.GoAway g = peer.expectGoAway();
      assertEquals(ErrorCode.NO_ERROR, g.code());
      assertEquals(1, g.lastStreamId());
      peer.request(3, "GET", "/", true); // above last stream id: ignored
      peer.data(1, "bye".getBytes(StandardCharsets.US_ASCII), true);
      RawPeer.Event d = peer.expect(e -> e.type() == FrameType.DATA, "in-flight stream completes");
      assertEquals("bye", new String((byte[]) d.detail(), StandardCharsets.US_ASCII));
      done.get(5, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(peer.awaitClosed());
      assertTrue(peer.events.stream().noneMatch(e -> e.type() == FrameType.HEADERS && e.streamId() == 3));
    }
  }

  @Test
  void trailersOfAStreamOurGoAwayLeftUnprocessedAreIgnoredNotReset() throws Exception {
    try (RawPeer peer = started()) {
      peer.request(1, "POST", "/echo", false);
      peer.expect(e -> e.type() == FrameType.HEADERS, "response headers");
      var done = server.shutdown();
      assertEquals(1, peer.expectGoAway().lastStreamId());
      peer.request(3, "POST", "/", false); // above last stream id: ignored (RFC 9113 §6.8)
      peer.headers(3, List.of(new HeaderField("x-trailer", "t")), true); // and so are its trailers
      peer.data(1, "bye".getBytes(StandardCharsets.US_ASCII), true);
      done.get(5, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(peer.awaitClosed());
      assertTrue(peer.events.stream().noneMatch(e -> e.streamId() == 3), "nothing on stream 3: " + peer.events);
    }
  }

  @Test
  void unacknowledgedSettingsTimeOut() throws Exception {
    try (RawPeer peer = start(Http2Config.builder().settingsAckTimeout(Duration.ofMillis(200)).build())) {
      try {
        peer.raw(Preface.bytes());
        peer.frame(4, 0, 0, new byte[0]); // our SETTINGS, but we never ACK the server's
      } catch (java.io.IOException closedAlready) {
        // On a loaded machine the 200 ms may pass before these writes: what the server sent counts.
      }
      assertEquals(ErrorCode.SETTINGS_TIMEOUT, peer.expectGoAway().code());
    }
  }
}
