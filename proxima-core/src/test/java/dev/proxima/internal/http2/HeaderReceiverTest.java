package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.io.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a received header block means (RFC 9113 §8.1, §10.5.1): on our server, the block that
 * opens a stream, against a scripted client; on our client, informational responses and
 * trailers, against our server. The concurrency limit and the streams ignored after our GOAWAY
 * are the connection tests' to check.
 */
@Timeout(20)
class HeaderReceiverTest {
  private static final Http2Config SMALL_HEADER_LISTS = Http2Config.builder().maxHeaderListSize(1024).build();
  private static final HeaderField TOO_LARGE = new HeaderField("x-big", "x".repeat(2000));

  private final EventLoopGroup group = new EventLoopGroup(2, "header-loop", true);

  @AfterEach
  void closeLoops() {
    group.close();
  }

  private static List<HeaderField> status(String code) {
    return List.of(new HeaderField(":status", code));
  }

  /** Answers 200 to every request, ending the stream. */
  private static final StreamAcceptor OK = stream -> new Http2StreamListener() {
    @Override
    public void onHeaders(Http2Stream s, List<HeaderField> headers, boolean endStream) {
      s.sendHeaders(status("200"), true);
    }
  };

  private Http2Server server(Http2Config config, StreamAcceptor acceptor) throws Exception {
    return Http2Server.start(group, new InetSocketAddress("127.0.0.1", 0), config, acceptor);
  }

  /** A header block our server answers with, and whether it ends the stream. */
  private record Block(List<HeaderField> fields, boolean endStream) {}

  /** A server whose every stream answers with {@code blocks}, in order. */
  private Http2Server answering(Block... blocks) throws Exception {
    return server(Http2Config.defaults(), stream -> new Http2StreamListener() {
      @Override
      public void onHeaders(Http2Stream s, List<HeaderField> headers, boolean endStream) {
        for (Block b : blocks) {
          s.sendHeaders(b.fields(), b.endStream());
        }
      }
    });
  }

  /** The statuses a client stream heard, and how it ended: null when normally, else its reset. */
  private static final class Heard implements Http2StreamListener {
    final List<String> statuses = new CopyOnWriteArrayList<>();
    final CompletableFuture<ErrorCode> end = new CompletableFuture<>();

    @Override
    public void onHeaders(Http2Stream s, List<HeaderField> headers, boolean endStream) {
      headers.stream().filter(f -> f.name().equals(":status")).forEach(f -> statuses.add(f.value()));
      if (endStream) {
        end.complete(null);
      }
    }

    @Override
    public void onReset(Http2Stream s, ErrorCode code) {
      end.complete(code);
    }
  }

  /** Our client's GET to {@code server}. */
  private Heard get(Http2Server server) throws Exception {
    Http2Connection client = Http2Client.connect(group.next(), server.localAddress(),
        Http2Config.defaults()).get(5, TimeUnit.SECONDS);
    Heard heard = new Heard();
    client.loop().execute(() -> client.newStream(heard).sendHeaders(List.of(
        new HeaderField(":method", "GET"), new HeaderField(":scheme", "http"),
        new HeaderField(":authority", "localhost"), new HeaderField(":path", "/")), true));
    return heard;
  }

  @Test
  void aHeaderListOverOurLimitIsAnswered431() throws Exception {
    try (Http2Server server = server(SMALL_HEADER_LISTS, OK);
        RawPeer peer = new RawPeer(server.localAddress()).handshake()) {
      peer.request(1, "GET", "/", true, TOO_LARGE);
      RawPeer.Event answer = peer.expect(e -> e.streamId() == 1, "the answer on stream 1");
      assertEquals(FrameType.HEADERS, answer.type());
      assertEquals("431", answer.header(":status"));
      assertTrue(answer.flag(), "431 ends the stream");
      peer.request(3, "GET", "/", true);
      RawPeer.Event next = peer.expect(e -> e.streamId() == 1 || e.streamId() == 3, "stream 3");
      assertEquals(3, next.streamId(), "a request that ended needs no RST_STREAM after its 431");
      assertEquals("200", next.header(":status"), "the HPACK tables stayed in step");
    }
  }

  @Test
  void aRequestStillSendingWhenAnswered431IsResetWithNoError() throws Exception {
    try (Http2Server server = server(SMALL_HEADER_LISTS, OK);
        RawPeer peer = new RawPeer(server.localAddress()).handshake()) {
      peer.request(1, "POST", "/", false, TOO_LARGE);
      assertEquals("431", peer.expect(e -> e.type() == FrameType.HEADERS, "431").header(":status"));
      assertEquals(ErrorCode.NO_ERROR, peer.expectReset(1), "RFC 9113 §8.1: the rest is not wanted");
    }
  }

  @Test
  void anAcceptorThatThrowsResetsOnlyItsStream() throws Exception {
    StreamAcceptor firstFails = stream -> {
      if (stream.id() == 1) {
        throw new IllegalStateException("no listener for stream 1");
      }
      return OK.accept(stream);
    };
    try (Http2Server server = server(Http2Config.defaults(), firstFails);
        RawPeer peer = new RawPeer(server.localAddress()).handshake()) {
      peer.request(1, "GET", "/", true);
      assertEquals(ErrorCode.INTERNAL_ERROR, peer.expectReset(1));
      peer.request(3, "GET", "/", true);
      assertEquals("200", peer.expect(e -> e.type() == FrameType.HEADERS, "stream 3").header(":status"));
    }
  }

  @Test
  void informationalResponsesComeBeforeTheResponse() throws Exception {
    try (Http2Server server = answering(new Block(status("103"), false), new Block(status("200"), true))) {
      Heard heard = get(server);
      assertNull(heard.end.get(5, TimeUnit.SECONDS), "the block after a 1xx is the response, not trailers");
      assertEquals(List.of("103", "200"), heard.statuses);
    }
  }

  @Test
  void anInformationalResponseThatEndsTheStreamIsAStreamError() throws Exception {
    try (Http2Server server = answering(new Block(status("100"), true))) {
      assertEquals(ErrorCode.PROTOCOL_ERROR, get(server).end.get(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void trailersThatDoNotEndTheStreamAreAStreamError() throws Exception {
    try (Http2Server server = answering(new Block(status("200"), false),
        new Block(List.of(new HeaderField("x-trailer", "1")), false))) {
      Heard heard = get(server);
      assertEquals(ErrorCode.PROTOCOL_ERROR, heard.end.get(5, TimeUnit.SECONDS));
      assertEquals(List.of("200"), heard.statuses);
    }
  }
}
