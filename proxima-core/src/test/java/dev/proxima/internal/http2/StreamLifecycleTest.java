package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.io.EventLoopGroup;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a stream ends (RFC 9113 §5.1, §5.4.2): whatever ends it, it leaves the connection's books,
 * its concurrency slot frees, and a draining connection closes once none is left. Our client
 * against a scripted server, so that the server can answer exactly what a rule talks about.
 */
@Timeout(20)
class StreamLifecycleTest {
  private final EventLoopGroup group = new EventLoopGroup(1, "lifecycle-loop", true);
  private ScriptedServer connected;
  private RawPeer server;
  private Http2Connection client;

  @AfterEach
  void tearDown() throws Exception {
    if (connected != null) {
      connected.close();
    }
    group.close();
  }

  /** Connects {@code config}'s client to the scripted server, which announces {@code settings}. */
  private void connect(Http2Config config, Http2Settings settings) throws Exception {
    connected = ScriptedServer.connect(group.next(), config, settings);
    server = connected.peer;
    client = connected.client;
  }

  private static List<HeaderField> status(String code) {
    return List.of(new HeaderField(":status", code));
  }

  /** How a client stream ended: null when normally, else the code its listener was told. */
  private static class Ending implements Http2StreamListener {
    final CompletableFuture<ErrorCode> end = new CompletableFuture<>();

    @Override
    public void onHeaders(Http2Stream s, List<HeaderField> headers, boolean endStream) {
      if (endStream) {
        end.complete(null);
      }
    }

    @Override
    public void onData(Http2Stream s, ByteBuffer data, boolean endStream) {
      if (endStream) {
        end.complete(null);
      }
    }

    @Override
    public void onReset(Http2Stream s, ErrorCode code) {
      end.complete(code);
    }
  }

  /** Sends a GET that ends our side of the stream at once. */
  private void get(Http2StreamListener listener) {
    client.loop().execute(() -> client.newStream(listener).sendHeaders(List.of(
        new HeaderField(":method", "GET"), new HeaderField(":scheme", "http"),
        new HeaderField(":authority", "localhost"), new HeaderField(":path", "/")), true));
  }

  private int activeStreams() throws Exception {
    CompletableFuture<Integer> n = new CompletableFuture<>();
    client.loop().execute(() -> n.complete(client.activeStreams()));
    return n.get(5, TimeUnit.SECONDS);
  }

  /** The stream is gone from the books: none is active, and a graceful shutdown closes at once. */
  private void assertNoStreamLeft() throws Exception {
    assertEquals(0, activeStreams(), "the stream left the connection's books");
    client.shutdown();
    client.closeFuture().get(5, TimeUnit.SECONDS); // a draining connection closes with no stream left
  }

  @Test
  void anInformationalResponseThatEndsTheStreamIsResetAndTheStreamEnds() throws Exception {
    connect(Http2Config.defaults(), new Http2Settings());
    Ending ending = new Ending();
    get(ending);
    server.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == 1, "the request");
    server.headers(1, status("100"), true);
    assertEquals(ErrorCode.PROTOCOL_ERROR, ending.end.get(5, TimeUnit.SECONDS));
    assertEquals(ErrorCode.PROTOCOL_ERROR, server.expectReset(1), "RFC 9113 §5.4.2: a stream error is reset");
    assertNoStreamLeft();
  }

  @Test
  void dataOverTheStreamWindowThatEndsTheStreamIsResetAndTheStreamEnds() throws Exception {
    connect(Http2Config.builder().initialStreamWindow(100).windowAutoTuning(false).build(), new Http2Settings());
    Ending ending = new Ending();
    get(ending);
    server.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == 1, "the request");
    server.headers(1, status("200"), false);
    server.data(1, new byte[101], true);
    assertEquals(ErrorCode.FLOW_CONTROL_ERROR, ending.end.get(5, TimeUnit.SECONDS));
    assertEquals(ErrorCode.FLOW_CONTROL_ERROR, server.expectReset(1), "RFC 9113 §6.9.1: a stream error");
    assertNoStreamLeft();
  }

  @Test
  void aListenerThatThrowsOnTheLastFrameFreesItsSlot() throws Exception {
    connect(Http2Config.defaults(), new Http2Settings().set(Http2Settings.MAX_CONCURRENT_STREAMS, 1));
    get(new Http2StreamListener() {
      @Override
      public void onData(Http2Stream s, ByteBuffer data, boolean endStream) {
        throw new IllegalStateException("listener fails on the last DATA frame");
      }
    });
    Ending second = new Ending();
    get(second); // waits for the only slot
    server.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == 1, "the first request");
    server.headers(1, status("200"), false);
    server.data(1, new byte[] {1}, true);
    RawPeer.Event next = server.expect(e -> e.type() == FrameType.HEADERS || e.type() == FrameType.RST_STREAM,
        "the second request, in the slot the first left");
    assertEquals(FrameType.HEADERS, next.type(), "no RST_STREAM: the stream was closed both ways");
    assertEquals(3, next.streamId());
    server.headers(3, status("200"), true);
    assertNull(second.end.get(5, TimeUnit.SECONDS));
    assertNoStreamLeft();
  }
}
