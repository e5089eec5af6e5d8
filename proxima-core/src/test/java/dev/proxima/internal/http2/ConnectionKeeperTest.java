package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.io.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** gRPC's connection management rules on our server connection, against a scripted client. */
@Timeout(20)
class ConnectionKeeperTest {
  private final EventLoopGroup group = new EventLoopGroup(1, "test-loop", true);
  private Http2Server server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
    group.close();
  }

  /** Answers headers only and keeps every stream open. */
  private static final StreamAcceptor HOLD = stream -> new Http2StreamListener() {
    @Override
    public void onHeaders(Http2Stream s, List<HeaderField> headers, boolean endStream) {
      s.sendHeaders(List.of(new HeaderField(":status", "200")), false);
    }
  };

  private RawPeer start(Http2Config config) throws Exception {
    server = Http2Server.start(group, new InetSocketAddress("127.0.0.1", 0), config, HOLD);
    return new RawPeer(server.localAddress()).handshake();
  }

  @Test
  void idleConnectionIsShutDownGracefully() throws Exception {
    try (RawPeer peer = start(Http2Config.builder().maxConnectionIdle(Duration.ofMillis(200)).build())) {
      long t0 = System.nanoTime();
      RawPeer.GoAway g = peer.expectGoAway();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(ErrorCode.NO_ERROR, g.code());
      assertTrue(ms >= 100, "not before the idle time: " + ms + " ms");
      assertTrue(peer.awaitClosed());
    }
  }

  @Test
  void connectionWithAStreamOpenIsNotIdle() throws Exception {
    try (RawPeer peer = start(Http2Config.builder().maxConnectionIdle(Duration.ofMillis(200)).build())) {
      peer.request(1, "POST", "/hold", false);
      Thread.sleep(500);
      assertTrue(peer.events.stream().noneMatch(e -> e.type() == FrameType.GOAWAY), "no GOAWAY while a stream is open");
    }
  }

  @Test
  void maxAgeSendsGoAwayThenClosesAfterGrace() throws Exception {
    Http2Config config = Http2Config.builder().maxConnectionAge(Duration.ofMillis(200))
        .maxConnectionAgeGrace(Duration.ofMillis(300)).build();
    try (RawPeer peer = start(config)) {
      peer.request(1, "POST", "/hold", false);
      RawPeer.GoAway g = peer.expectGoAway();
      assertEquals(ErrorCode.NO_ERROR, g.code());
      assertEquals(1, g.lastStreamId(), "the open stream may finish");
      assertTrue(peer.awaitClosed(), "closed after the grace although the stream never ended");
    }
  }

  @Test
  void pingingTooOftenEndsWithTooManyPings() throws Exception {
    Http2Config config = Http2Config.builder().permitKeepAliveTime(Duration.ofMinutes(1)).build();
    try (RawPeer peer = start(config)) {
      peer.request(1, "POST", "/hold", false);
      for (int i = 0; i < 4; i++) {
        try {
          peer.frame(6, 0, 0, new byte[8]);
        } catch (java.io.IOException closed) {
          break;
        }
      }
      RawPeer.GoAway g = peer.expectGoAway();
      assertEquals(ErrorCode.ENHANCE_YOUR_CALM, g.code());
      assertEquals("too_many_pings", g.debug());
    }
  }

  @Test
  void pingsAfterServerDataAreNotStrikes() throws Exception {
    Http2Config config = Http2Config.builder().permitKeepAliveTime(Duration.ofMinutes(1)).build();
    try (RawPeer peer = start(config)) {
      for (int i = 0; i < 6; i++) {
        // Each request makes the server send headers: a ping after that is legitimate (gRPC A9).
        peer.request(1 + 2 * i, "POST", "/hold", false);
        peer.expect(e -> e.type() == FrameType.HEADERS, "response headers");
        peer.frame(6, 0, 0, new byte[8]);
        peer.expect(e -> e.type() == FrameType.PING && e.flag(), "PING ACK");
      }
      assertTrue(peer.events.stream().noneMatch(e -> e.type() == FrameType.GOAWAY));
    }
  }

  @Test
  void pingsWithoutCallsAreStrikesUnlessPermitted() throws Exception {
    Http2Config strict = Http2Config.builder().permitKeepAliveTime(Duration.ofMillis(1)).build();
    try (RawPeer peer = start(strict)) {
      for (int i = 0; i < 4; i++) {
        Thread.sleep(5);
        try {
          peer.frame(6, 0, 0, new byte[8]);
        } catch (java.io.IOException closed) {
          break;
        }
      }
      assertEquals("too_many_pings", peer.expectGoAway().debug());
    }
  }

  @Test
  void keepAlivePingsAQuietPeerAndClosesWhenItDoesNotAnswer() throws Exception {
    Http2Config config = Http2Config.builder().keepAliveTime(Duration.ofMillis(100))
        .keepAliveTimeout(Duration.ofMillis(200)).build();
    try (RawPeer peer = start(config)) {
      peer.request(1, "POST", "/hold", false);
      RawPeer.Event ping = peer.expect(e -> e.type() == FrameType.PING && !e.flag(), "keepalive PING");
      assertFalse(ping.flag());
      // We do not acknowledge it: the server must give up on us.
      assertTrue(peer.awaitClosed(), "connection closed after the keepalive timeout");
    }
  }

  @Test
  void keepAliveIsSatisfiedByAnAck() throws Exception {
    Http2Config config = Http2Config.builder().keepAliveTime(Duration.ofMillis(100))
        .keepAliveTimeout(Duration.ofMillis(300)).build();
    try (RawPeer peer = start(config)) {
      peer.request(1, "POST", "/hold", false);
      for (int i = 0; i < 3; i++) {
        RawPeer.Event ping = peer.expect(e -> e.type() == FrameType.PING && !e.flag(), "keepalive PING");
        peer.frame(6, 1, 0, ByteBuffer.allocate(8).putLong((Long) ping.detail()).array());
      }
      assertFalse(peer.closedByPeer, "an answered keepalive keeps the connection");
    }
  }
}
