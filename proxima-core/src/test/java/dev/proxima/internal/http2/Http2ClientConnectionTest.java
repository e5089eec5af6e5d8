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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our client connection against our server: stream limits, readiness, PING, GOAWAY, window tuning;
 * against a scripted server where a rule needs exact frames.
 */
@Timeout(30)
class Http2ClientConnectionTest {
  private final EventLoopGroup group = new EventLoopGroup(2, "test-loop", true);
  private Http2Server server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    group.close();
  }

  /** Collects one response. */
  private static final class Response implements Http2StreamListener {
    final CompletableFuture<byte[]> body = new CompletableFuture<>();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    volatile String status;
    final AtomicReference<Http2Stream> stream = new AtomicReference<>();

    @Override
    public void onHeaders(Http2Stream s, List<HeaderField> headers, boolean endStream) {
      headers.stream().filter(f -> f.name().equals(":status")).forEach(f -> status = f.value());
      if (endStream) {
        body.complete(bytes.toByteArray());
      }
    }

    @Override
    public void onData(Http2Stream s, ByteBuffer data, boolean endStream) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      bytes.writeBytes(b);
      if (endStream) {
        body.complete(bytes.toByteArray());
      }
    }

    @Override
    public void onReset(Http2Stream s, ErrorCode code) {
      body.completeExceptionally(new IllegalStateException("reset " + code));
    }
  }

  private static List<HeaderField> post(String path) {
    return List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"),
        new HeaderField(":authority", "localhost"), new HeaderField(":path", path));
  }

  private Http2Connection connect(Http2Config serverConfig, StreamAcceptor acceptor, Http2Config clientConfig)
      throws Exception {
    server = Http2Server.start(group, new InetSocketAddress("127.0.0.1", 0), serverConfig, acceptor);
    return Http2Client.connect(group.next(), server.localAddress(), clientConfig).get(5, TimeUnit.SECONDS);
  }

  private static Response send(Http2Connection c, String path, byte[] body) {
    Response r = new Response();
    c.loop().execute(() -> {
      Http2Stream s = c.newStream(r);
      r.stream.set(s);
      s.sendHeaders(post(path), false);
      s.sendData(ByteBuffer.wrap(body), true);
    });
    return r;
  }

  /** Echo: 200, the body back. */
  private static final StreamAcceptor ECHO = stream -> new Http2StreamListener() {
    @Override
    public void onHeaders(Http2Stream s, List<HeaderField> headers, boolean endStream) {
      s.sendHeaders(List.of(new HeaderField(":status", "200")), endStream);
    }

    @Override
    public void onData(Http2Stream s, ByteBuffer data, boolean endStream) {
      s.sendData(ByteBuffer.allocate(data.remaining()).put(data).flip(), endStream);
    }
  };

  @Test
  void streamsBeyondThePeersLimitWaitForAFreeSlot() throws Exception {
    AtomicInteger open = new AtomicInteger();
    AtomicInteger maxOpen = new AtomicInteger();
    StreamAcceptor counting = stream -> {
      maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
      return new Http2StreamListener() {
        @Override
        public void onData(Http2Stream s, ByteBuffer data, boolean endStream) {
          if (endStream) {
            // Answer a little later so several streams overlap.
            s.loop().schedule(() -> {
              open.decrementAndGet();
              s.sendHeaders(List.of(new HeaderField(":status", "200")), true);
            }, 5, TimeUnit.MILLISECONDS);
          }
        }
      };
    };
    Http2Connection c = connect(Http2Config.builder().maxConcurrentStreams(3).build(), counting, Http2Config.defaults());
    List<Response> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      all.add(send(c, "/x", new byte[] {1}));
    }
    for (Response r : all) {
      r.body.get(5, TimeUnit.SECONDS);
      assertEquals("200", r.status);
    }
    assertTrue(maxOpen.get() <= 3, "never more than the server's MAX_CONCURRENT_STREAMS: " + maxOpen.get());
  }

  @Test
  void largeBodyCrossesFlowControlIntact() throws Exception {
    Http2Connection c = connect(Http2Config.defaults(), ECHO,
        Http2Config.builder().initialStreamWindow(65535).connectionWindow(65535).windowAutoTuning(false).build());
    byte[] big = new byte[3 << 20];
    new Random(1).nextBytes(big);
    assertArrayEquals(big, send(c, "/echo", big).body.get(20, TimeUnit.SECONDS));
  }

  @Test
  void senderIsNotReadyWhileThePeerWindowIsClosedAndToldWhenItOpens() throws Exception {
    // The server never consumes: after its 64 KiB window, our sends queue and isReady turns false.
    List<Http2Stream> serverStreams = new ConcurrentLinkedQueue<Http2Stream>().stream().toList();
    ConcurrentLinkedQueue<Http2Stream> accepted = new ConcurrentLinkedQueue<>();
    StreamAcceptor slowReader = stream -> {
      stream.setAutoConsume(false);
      accepted.add(stream);
      return new Http2StreamListener() {};
    };
    Http2Config serverConfig = Http2Config.builder().initialStreamWindow(65535).windowAutoTuning(false).build();
    Http2Connection c = connect(serverConfig, slowReader,
        Http2Config.builder().streamReadyThreshold(16384).build());
    CountDownLatch notReady = new CountDownLatch(1);
    CountDownLatch readyAgain = new CountDownLatch(1);
    AtomicReference<Http2Stream> ours = new AtomicReference<>();
    c.loop().execute(() -> {
      Http2Stream s = c.newStream(new Http2StreamListener() {
        @Override
        public void onReady(Http2Stream stream) {
          readyAgain.countDown();
        }
      });
      ours.set(s);
      s.sendHeaders(post("/upload"), false);
      // A producer that respects readiness: write until told to stop.
      while (s.isReady()) {
        s.sendData(ByteBuffer.allocate(8192), false);
      }
      notReady.countDown();
    });
    assertTrue(notReady.await(5, TimeUnit.SECONDS));
    CompletableFuture<Long> pending = new CompletableFuture<>();
    c.loop().execute(() -> pending.complete(ours.get().pendingBytes()));
    long queued = pending.get(5, TimeUnit.SECONDS);
    assertTrue(queued >= 16384 && queued < 16384 + 8192 + 1, "bounded queue, got " + queued);
    assertFalse(readyAgain.await(200, TimeUnit.MILLISECONDS), "not ready while the window is closed");
    Http2Stream serverSide = accepted.peek();
    serverSide.loop().execute(() -> serverSide.consumed(65535));
    assertTrue(readyAgain.await(5, TimeUnit.SECONDS), "onReady once the window reopens");
    assertTrue(serverStreams.isEmpty());
  }

  @Test
  void pingMeasuresRoundTrip() throws Exception {
    Http2Connection c = connect(Http2Config.defaults(), ECHO, Http2Config.defaults());
    long rtt = c.ping().get(5, TimeUnit.SECONDS);
    assertTrue(rtt > 0);
  }

  @Test
  void serverShutdownRefusesNewStreamsAndFinishesOpenOnes() throws Exception {
    CountDownLatch requestSeen = new CountDownLatch(1);
    StreamAcceptor late = stream -> new Http2StreamListener() {
      @Override
      public void onHeaders(Http2Stream s, List<HeaderField> headers, boolean endStream) {
        requestSeen.countDown();
        s.loop().schedule(() -> {
          s.sendHeaders(List.of(new HeaderField(":status", "200")), false);
          s.sendData(ByteBuffer.wrap(new byte[] {42}), true);
        }, 300, TimeUnit.MILLISECONDS);
      }
    };
    Http2Connection c = connect(Http2Config.defaults(), late, Http2Config.defaults());
    Response first = send(c, "/first", new byte[0]);
    assertTrue(requestSeen.await(5, TimeUnit.SECONDS));
    CompletableFuture<Void> done = server.shutdown();
    assertArrayEquals(new byte[] {42}, first.body.get(5, TimeUnit.SECONDS), "in-flight call completes");
    done.get(5, TimeUnit.SECONDS);
    c.closeFuture().get(5, TimeUnit.SECONDS);
    Response after = new Response();
    c.loop().execute(() -> c.newStream(after).sendHeaders(post("/late"), true));
    try {
      after.body.get(5, TimeUnit.SECONDS);
      throw new AssertionError("a stream on a closed connection must fail");
    } catch (java.util.concurrent.ExecutionException expected) {
      assertTrue(expected.getCause().getMessage().contains("REFUSED_STREAM"), expected.getCause().getMessage());
    }
  }

  @Test
  void headersOpeningAStreamOfTheServersAreAConnectionErrorThatSaysPushIsOff() throws Exception {
    try (ScriptedServer scripted = ScriptedServer.connect(group.next(), Http2Config.defaults(), new Http2Settings())) {
      scripted.peer.headers(2, List.of(new HeaderField(":status", "200")), false);
      RawPeer.GoAway g = scripted.peer.expectGoAway();
      assertEquals(ErrorCode.PROTOCOL_ERROR, g.code());
      assertTrue(g.debug().contains("PUSH_PROMISE"), "RFC 9113 §8.4: a server opens streams only by push: " + g);
    }
  }

  // RFC 9113 §8.1.1: a response whose DATA does not add up to its content-length is malformed.

  /** Opens a stream with a {@code method} request (END_STREAM) on the scripted server's client. */
  private static RecordingStream request(ScriptedServer scripted, String method) {
    RecordingStream r = new RecordingStream();
    scripted.client.loop().execute(() -> scripted.client.newStream(r).sendHeaders(List.of(
        new HeaderField(":method", method), new HeaderField(":scheme", "http"),
        new HeaderField(":authority", "localhost"), new HeaderField(":path", "/")), true));
    return r;
  }

  private static List<HeaderField> response(String status, String contentLength) {
    return List.of(new HeaderField(":status", status), new HeaderField("content-length", contentLength));
  }

  @Test
  void aResponseWhoseDataAddsUpToTheContentLengthIsAccepted() throws Exception {
    try (ScriptedServer scripted = ScriptedServer.connect(group.next(), Http2Config.defaults(), new Http2Settings())) {
      RecordingStream r = request(scripted, "GET");
      scripted.peer.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == 1, "request");
      scripted.peer.headers(1, response("200", "10"), false);
      scripted.peer.data(1, new byte[4], false);
      scripted.peer.data(1, new byte[6], true);
      assertEquals("end", r.ending.get(5, TimeUnit.SECONDS));
      assertEquals(10, r.octets.get());
    }
  }

  @Test
  void aResponseWithMoreDataThanItsContentLengthIsMalformed() throws Exception {
    try (ScriptedServer scripted = ScriptedServer.connect(group.next(), Http2Config.defaults(), new Http2Settings())) {
      RecordingStream r = request(scripted, "GET");
      scripted.peer.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == 1, "request");
      scripted.peer.headers(1, response("200", "10"), false);
      scripted.peer.data(1, new byte[6], false);
      scripted.peer.data(1, new byte[6], true);
      assertEquals(ErrorCode.PROTOCOL_ERROR, scripted.peer.expectReset(1));
      String ending = r.ending.get(5, TimeUnit.SECONDS);
      assertTrue(ending.startsWith("PROTOCOL_ERROR: content-length 10 but 12 octets of DATA (RFC 9113 §8.1.1)"), ending);
      assertEquals(6, r.octets.get(), "the frame that goes over is not delivered");
    }
  }

  @Test
  void aResponseEndingBeforeItsContentLengthIsMalformed() throws Exception {
    try (ScriptedServer scripted = ScriptedServer.connect(group.next(), Http2Config.defaults(), new Http2Settings())) {
      RecordingStream r = request(scripted, "GET");
      scripted.peer.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == 1, "request");
      scripted.peer.headers(1, response("200", "10"), false);
      scripted.peer.data(1, new byte[4], true);
      assertEquals(ErrorCode.PROTOCOL_ERROR, scripted.peer.expectReset(1));
      String ending = r.ending.get(5, TimeUnit.SECONDS);
      assertTrue(ending.startsWith("PROTOCOL_ERROR: content-length 10 but 4 octets of DATA (RFC 9113 §8.1.1)"), ending);
    }
  }

  @Test
  void aResponseContentLengthThatIsNotOneDecimalNumberIsMalformed() throws Exception {
    try (ScriptedServer scripted = ScriptedServer.connect(group.next(), Http2Config.defaults(), new Http2Settings())) {
      String[] values = {"abc", "-1", "1,2"};
      for (int i = 0; i < values.length; i++) {
        int id = 1 + 2 * i;
        RecordingStream r = request(scripted, "GET");
        scripted.peer.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == id, "request " + id);
        scripted.peer.headers(id, response("200", values[i]), false);
        assertEquals(ErrorCode.PROTOCOL_ERROR, scripted.peer.expectReset(id), "content-length '" + values[i] + "'");
        String ending = r.ending.get(5, TimeUnit.SECONDS);
        assertTrue(ending.startsWith("PROTOCOL_ERROR: malformed header block: content-length"), ending);
        assertTrue(ending.contains("RFC 9110 §8.6"), ending);
      }
    }
  }

  @Test
  void theContentLengthOfAResponseToHeadOrOf204Or304DescribesNoContent() throws Exception {
    try (ScriptedServer scripted = ScriptedServer.connect(group.next(), Http2Config.defaults(), new Http2Settings())) {
      // The same response to GET is malformed: it ends with none of the 100 octets announced.
      RecordingStream get = request(scripted, "GET");
      scripted.peer.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == 1, "GET");
      scripted.peer.headers(1, response("200", "100"), true);
      assertEquals(ErrorCode.PROTOCOL_ERROR, scripted.peer.expectReset(1));
      assertTrue(get.ending.get(5, TimeUnit.SECONDS).startsWith("PROTOCOL_ERROR: content-length 100"));

      RecordingStream head = request(scripted, "HEAD");
      scripted.peer.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == 3, "HEAD");
      scripted.peer.headers(3, response("200", "100"), true);
      assertEquals("end", head.ending.get(5, TimeUnit.SECONDS), "RFC 9110 §9.3.2");

      int id = 5;
      for (String status : new String[] {"204", "304"}) {
        int stream = id;
        RecordingStream r = request(scripted, "GET");
        scripted.peer.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == stream, "GET " + stream);
        scripted.peer.headers(stream, response(status, "100"), true);
        assertEquals("end", r.ending.get(5, TimeUnit.SECONDS), status + ": RFC 9110 §6.4.1, §8.6");
        id += 2;
      }
    }
  }

  @Test
  void theGoAwayDebugDataIsReadAsUtf8() throws Exception {
    String debug = "überlastet, bitte später"; // not ASCII: ISO-8859-1 would garble it
    Logger log = Logger.getLogger(Http2Connection.class.getName());
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Level level = log.getLevel();
    log.setLevel(Level.FINE);
    log.addHandler(handler);
    try (ScriptedServer scripted = ScriptedServer.connect(group.next(), Http2Config.defaults(), new Http2Settings())) {
      byte[] utf8 = debug.getBytes(StandardCharsets.UTF_8);
      scripted.peer.frame(FrameType.GOAWAY.code(), 0, 0, ByteBuffer.allocate(8 + utf8.length)
          .putInt(0).putInt(ErrorCode.ENHANCE_YOUR_CALM.code()).put(utf8).array());
      scripted.client.closeFuture().get(5, TimeUnit.SECONDS); // no stream open: it closes
      assertEquals(debug, scripted.client.goAwayReceivedDebug());
      assertTrue(logged.stream().anyMatch(m -> m.equals("the peer's GOAWAY (last-stream-id 0, ENHANCE_YOUR_CALM, '"
          + debug + "')")), logged::toString);
    } finally {
      log.removeHandler(handler);
      log.setLevel(level);
    }
  }

  @Test
  void receiveWindowGrowsWithBandwidthDelayEstimates() throws Exception {
    AtomicReference<Http2Stream> serverSide = new AtomicReference<>();
    StreamAcceptor sink = stream -> {
      serverSide.set(stream);
      return new Http2StreamListener() {
        @Override
        public void onData(Http2Stream s, ByteBuffer data, boolean endStream) {
          if (endStream) {
            s.sendHeaders(List.of(new HeaderField(":status", "200")), true);
          }
        }
      };
    };
    Http2Config tuned = Http2Config.builder().initialStreamWindow(65535).connectionWindow(65535)
        .windowAutoTuning(true).maxAutoTunedWindow(8 << 20).build();
    Http2Connection c = connect(tuned, sink, Http2Config.defaults());
    send(c, "/upload", new byte[16 << 20]).body.get(20, TimeUnit.SECONDS);
    CompletableFuture<Integer> window = new CompletableFuture<>();
    Http2Stream s = serverSide.get();
    s.loop().execute(() -> window.complete(s.receiveWindow.targetWindow()));
    assertTrue(window.get(5, TimeUnit.SECONDS) > 65535, "window grew from PING round trips: " + window.get());
  }
}
