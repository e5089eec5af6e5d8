package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.io.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What received DATA does to our receive windows (RFC 9113 §6.9): every flow-controlled byte the
 * peer sends is given back to the connection's window sooner or later, also the bytes of a stream
 * that ends abnormally, or the connection would stall for good. Our server against a scripted
 * client that keeps to the connection window it is given, as a peer must.
 */
@Timeout(20)
class DataReceiverTest {
  /** The connection window of the default SETTINGS, which our server keeps in these tests. */
  private static final int CONNECTION_WINDOW = Http2Settings.DEFAULT_INITIAL_WINDOW_SIZE;
  private static final int FRAME = Http2Settings.DEFAULT_MAX_FRAME_SIZE;
  private static final Http2Config SMALL_CONNECTION_WINDOW = Http2Config.builder()
      .connectionWindow(CONNECTION_WINDOW).initialStreamWindow(1 << 20).windowAutoTuning(false).build();

  private final EventLoopGroup group = new EventLoopGroup(1, "data-loop", true);

  @AfterEach
  void closeLoops() {
    group.close();
  }

  private Http2Server server(StreamAcceptor acceptor) throws Exception {
    return Http2Server.start(group, new InetSocketAddress("127.0.0.1", 0), SMALL_CONNECTION_WINDOW, acceptor);
  }

  /**
   * Sends more than a whole connection window on {@code streamId}, never more than the window the
   * server gave: starting from {@code window} bytes, then waiting for its WINDOW_UPDATEs on stream
   * 0; and checks that the connection is still up. It fails if the window stays shut.
   */
  private static void sendMoreThanAConnectionWindow(RawPeer peer, int streamId, int window) throws Exception {
    peer.request(streamId, "POST", "/upload", false);
    int sent = 0;
    while (sent <= CONNECTION_WINDOW) {
      while (window == 0) {
        window += (int) peer.expect(e -> e.type() == FrameType.WINDOW_UPDATE && e.streamId() == 0,
            "WINDOW_UPDATE on the connection").detail();
      }
      int n = Math.min(window, FRAME);
      peer.data(streamId, new byte[n], false);
      window -= n;
      sent += n;
    }
    peer.frame(FrameType.PING.code(), 0, 0, new byte[8]);
    peer.expect(e -> e.type() == FrameType.PING, "PING ACK: the connection goes on");
  }

  /** Sends a PING and returns the frames that came before its ACK. */
  private static List<RawPeer.Event> framesBeforeAPingAck(RawPeer peer) throws Exception {
    List<RawPeer.Event> before = new ArrayList<>();
    peer.frame(FrameType.PING.code(), 0, 0, new byte[8]);
    peer.expect(e -> {
      boolean ack = e.type() == FrameType.PING && e.flag();
      if (!ack) {
        before.add(e);
      }
      return ack;
    }, "PING ACK");
    return before;
  }

  @Test
  void dataOnAStreamWeResetIsIgnoredButCountsForTheConnection() throws Exception {
    try (Http2Server server = server(s -> new ResetsOnHeaders());
        RawPeer peer = new RawPeer(server.localAddress()).handshake()) {
      peer.request(1, "POST", "/upload", false);
      assertEquals(ErrorCode.CANCEL, peer.expectReset(1));
      // As far as the server can tell, sent before our RST_STREAM reached the peer.
      for (int i = 0; i < 3; i++) {
        peer.data(1, new byte[FRAME], false);
      }
      List<RawPeer.Event> answers = framesBeforeAPingAck(peer);
      assertTrue(answers.stream().noneMatch(e -> e.type() == FrameType.RST_STREAM),
          "RFC 9113 §5.1: ignored after our RST_STREAM, not answered: " + answers);
      assertTrue(answers.stream().anyMatch(e -> e.type() == FrameType.WINDOW_UPDATE && e.streamId() == 0),
          "RFC 9113 §6.9: counted for the connection window, and given back: " + answers);
    }
  }

  @Test
  void headersOnAStreamWeResetAreIgnoredButDecoded() throws Exception {
    HeaderField added = new HeaderField("x-trailer", "first seen on the reset stream");
    Http2StreamListener checksTheField = new Http2StreamListener() {
      @Override
      public void onHeaders(Http2Stream s, List<HeaderField> headers, boolean endStream) {
        s.sendHeaders(List.of(new HeaderField(":status", headers.contains(added) ? "200" : "400")), true);
      }
    };
    StreamAcceptor firstIsReset = stream -> stream.id() == 1 ? new ResetsOnHeaders() : checksTheField;
    try (Http2Server server = server(firstIsReset);
        RawPeer peer = new RawPeer(server.localAddress()).handshake()) {
      peer.request(1, "POST", "/upload", false);
      assertEquals(ErrorCode.CANCEL, peer.expectReset(1));
      peer.headers(1, List.of(added), true); // trailers, which add the field to the HPACK table
      peer.request(3, "GET", "/", true, added); // which this block refers to by index
      List<RawPeer.Event> answers = framesBeforeAPingAck(peer);
      assertTrue(answers.stream().noneMatch(e -> e.type() == FrameType.RST_STREAM || e.type() == FrameType.GOAWAY),
          "ignored, and the tables stayed in step (RFC 9113 §4.3): " + answers);
      assertTrue(answers.stream().anyMatch(e -> e.type() == FrameType.HEADERS && e.streamId() == 3
          && "200".equals(e.header(":status"))), "stream 3 got the field the reset stream added: " + answers);
    }
  }

  @Test
  void theBytesOfAStreamWhoseListenerThrowsAreGivenBackToTheConnection() throws Exception {
    StreamAcceptor firstThreeThrow = stream -> new Http2StreamListener() {
      @Override
      public void onData(Http2Stream s, ByteBuffer data, boolean endStream) {
        if (s.id() < 7) {
          throw new IllegalStateException("listener fails on DATA");
        }
      }
    };
    try (Http2Server server = server(firstThreeThrow);
        RawPeer peer = new RawPeer(server.localAddress()).handshake()) {
      for (int id = 1; id < 7; id += 2) {
        peer.request(id, "POST", "/upload", false);
        peer.data(id, new byte[FRAME], false);
      }
      // Three frames the listeners threw on: the connection window holds them until given back.
      sendMoreThanAConnectionWindow(peer, 7, CONNECTION_WINDOW - 3 * FRAME);
    }
  }

  @Test
  void theBytesAStreamHeldWhenThePeerResetItAreGivenBackOnceToTheConnection() throws Exception {
    CompletableFuture<Http2Stream> holding = new CompletableFuture<>();
    StreamAcceptor neverConsumes = stream -> {
      stream.setAutoConsume(false);
      holding.complete(stream);
      return new Http2StreamListener() {};
    };
    try (Http2Server server = server(neverConsumes);
        RawPeer peer = new RawPeer(server.localAddress()).handshake()) {
      peer.request(1, "POST", "/upload", false);
      for (int i = 0; i < 3; i++) {
        peer.data(1, new byte[FRAME], false);
      }
      peer.frame(FrameType.RST_STREAM.code(), 0, 1, ByteBuffer.allocate(4).putInt(ErrorCode.CANCEL.code()).array());
      assertEquals(3 * FRAME, peer.expect(e -> e.type() == FrameType.WINDOW_UPDATE && e.streamId() == 0,
          "WINDOW_UPDATE on the connection for what the reset stream held").detail());
      // The stream's user consumes what it had after all: given back already, it is not counted twice.
      Http2Stream s = holding.get(5, TimeUnit.SECONDS);
      CompletableFuture<Void> consumed = new CompletableFuture<>();
      s.loop().execute(() -> {
        s.consumed(3 * FRAME);
        consumed.complete(null);
      });
      consumed.get(5, TimeUnit.SECONDS);
      peer.frame(FrameType.PING.code(), 0, 0, new byte[8]);
      RawPeer.Event next = peer.expect(e -> e.type() == FrameType.PING
          || e.type() == FrameType.WINDOW_UPDATE && e.streamId() == 0, "PING ACK");
      assertEquals(FrameType.PING, next.type(), "no second WINDOW_UPDATE for the same bytes");
    }
  }
}
