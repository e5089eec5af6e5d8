package dev.proxima.internal.http2;

import static dev.proxima.internal.http2.Frames.concat;
import static dev.proxima.internal.http2.GrpcResponseWire.data;
import static dev.proxima.internal.http2.GrpcResponseWire.goAway;
import static dev.proxima.internal.http2.GrpcResponseWire.headers;
import static dev.proxima.internal.http2.GrpcResponseWire.message;
import static dev.proxima.internal.http2.GrpcResponseWire.okHeaders;
import static dev.proxima.internal.http2.GrpcResponseWire.okResponse;
import static dev.proxima.internal.http2.GrpcResponseWire.rstStream;
import static dev.proxima.internal.http2.GrpcResponseWire.trailers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.CallOptions;
import dev.proxima.ChannelBuilder;
import dev.proxima.ClientCall;
import dev.proxima.ManagedChannel;
import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;
import dev.proxima.RawBytesMethods;
import dev.proxima.Status;
import dev.proxima.internal.call.ChannelImpl;
import dev.proxima.internal.grpc.Http2ClientTransport;
import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.io.EventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real channel calling a scripted server that answers with broken responses, over real sockets:
 * each test is one rule of how the call must end (its status, a description a person can act on)
 * and of what is left of the connection.
 */
@Timeout(120)
class HostileServerTest {
  private static final MethodDescriptor<byte[], byte[]> UNARY =
      RawBytesMethods.method("test.Hostile/Unary", MethodDescriptor.Type.UNARY, "");

  /** Everything one call told its listener. */
  static final class Outcome extends ClientCall.Listener<byte[]> {
    final CompletableFuture<Status> status = new CompletableFuture<>();
    final List<byte[]> messages = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(byte[] message) {
      messages.add(message);
    }

    @Override
    public void onClose(Status s, Metadata trailers) {
      status.complete(s);
    }
  }

  @Test
  void aResponseWithoutStatusIsInternalAndTheDescriptionNamesTheRuleNotAPeerReset() throws Exception {
    Status s = unaryAnsweredWith(id -> concat(headers(id, false, "content-type", "application/grpc"),
        trailers(id, "0", "fine")));
    assertEquals(Status.Code.INTERNAL, s.code(), s.toString());
    assertTrue(s.description().contains("response without :status (RFC 9113 §8.3.2)"), s.toString());
    assertFalse(s.description().contains("reset by the peer"), "this side reset the stream: " + s);
  }

  @Test
  void aConnectionErrorTheClientFindsIsInternalAndTheDescriptionNamesTheRule() throws Exception {
    Status s = unaryAnsweredWith(id -> concat(data(0, false, new byte[] {0, 0, 0, 0, 0}),
        okResponse(id, new byte[] {1})));
    assertEquals(Status.Code.INTERNAL, s.code(), s.toString());
    assertTrue(s.description().contains("DATA frame on stream 0 (RFC 9113 §6.1)"), s.toString());
  }

  @Test
  void aResetByTheServerSaysTheServerResetTheStream() throws Exception {
    Status s = unaryAnsweredWith(id -> rstStream(id, ErrorCode.CANCEL.code()));
    assertEquals(Status.Code.CANCELLED, s.code(), s.toString());
    assertTrue(s.description().contains("the peer reset stream 1 with RST_STREAM CANCEL"), s.toString());
  }

  @Test
  void aGoAwayBelowTheCallsStreamIsUnavailableAndSaysItIsSafeToRetry() throws Exception {
    Status s = unaryAnsweredWith(id -> goAway(0, ErrorCode.NO_ERROR.code(), "draining"));
    assertEquals(Status.Code.UNAVAILABLE, s.code(), s.toString());
    assertTrue(s.description().contains("GOAWAY (last-stream-id 0, NO_ERROR, 'draining')"), s.toString());
    assertTrue(s.description().contains("safe to retry"), s.toString());
  }

  @Test
  void dataBeforeTheResponseHeadersIsInternal() throws Exception {
    Outcome o = new Outcome();
    Status s = unaryAnsweredWith(o, id -> concat(data(id, false, message(new byte[] {7})),
        okHeaders(id), trailers(id, "0", "fine")));
    assertEquals(Status.Code.INTERNAL, s.code(), s.toString());
    assertTrue(s.description().contains("DATA before the response headers"), s.toString());
    assertEquals(0, o.messages.size(), "no message from a response that broke the order");
  }

  @Test
  void anInformationalResponseBeforeTheHeadersIsSkipped() throws Exception {
    Outcome o = new Outcome();
    Status s = unaryAnsweredWith(o, id -> concat(headers(id, false, ":status", "100"),
        okResponse(id, new byte[] {7})));
    assertEquals(Status.Code.OK, s.code(), s.toString());
    assertArrayEquals(new byte[] {7}, o.messages.get(0));
  }

  @Test
  void grpcStatusMustBeDecimalDigitsElseUnknownNamingTheValue() throws Exception {
    for (String value : new String[] {"+1", "-0", "abc", ""}) {
      Status s = unaryAnsweredWith(id -> concat(okHeaders(id),
          trailers(id, value, "the server's words")));
      assertEquals(Status.Code.UNKNOWN, s.code(), value + ": " + s);
      assertTrue(s.description().contains("grpc-status '" + value + "'"), s.toString());
      assertTrue(s.description().contains("the server's words"), "grpc-message kept: " + s);
    }
  }

  @Test
  void grpcStatusOutsideGrpcsCodesIsUnknownNamingTheValue() throws Exception {
    Status s = unaryAnsweredWith(id -> concat(okHeaders(id),
        headers(id, true, "grpc-status", "99")));
    assertEquals(Status.Code.UNKNOWN, s.code(), s.toString());
    assertTrue(s.description().contains("grpc-status '99'"), s.toString());
  }

  @Test
  void aTrailersOnlyResponseWhoseContentTypeIsNotGrpcIsUnknown() throws Exception {
    Status s = unaryAnsweredWith(id -> headers(id, true, ":status", "200", "content-type", "text/html",
        "grpc-status", "0"));
    assertEquals(Status.Code.UNKNOWN, s.code(), s.toString());
    assertTrue(s.description().contains("content-type 'text/html'"), s.toString());
  }

  @Test
  void trailersBeforeTheRequestEndedCloseTheClientsStreamWithNoError() throws Exception {
    try (RawGrpcServer server = new RawGrpcServer()) {
      ManagedChannel channel = channel(server);
      try {
        ClientCall<byte[], byte[]> call = channel.newCall(
            RawBytesMethods.method("test.Hostile/Bidi", MethodDescriptor.Type.BIDI_STREAMING, ""), CallOptions.DEFAULT);
        Outcome o = new Outcome();
        call.start(o, new Metadata());
        call.sendMessage(new byte[] {1});
        RawGrpcServer.Request request = server.nextRequestStart(5000);
        // RFC 9113 §8.1: a server may answer in full before the request is complete.
        request.peer().raw(headers(request.streamId(), true, ":status", "200",
            "content-type", "application/grpc", "grpc-status", "9", "grpc-message", "no"));
        assertEquals(Status.Code.FAILED_PRECONDITION, o.status.get(5, TimeUnit.SECONDS).code());
        assertEquals(ErrorCode.NO_ERROR, request.peer().expectReset(request.streamId()),
            "the client ends its half of the stream");
        assertNoStreamLeft(channel);
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Test
  void aStreamWhoseListenerThrowsIsResetAndTheListenerToldSoNothingWaitsForever() throws Exception {
    EventLoopGroup group = new EventLoopGroup(1, "test-loop", true);
    try (ScriptedServer s = ScriptedServer.connect(group.next(), Http2Config.defaults(), new Http2Settings())) {
      CompletableFuture<ErrorCode> reset = new CompletableFuture<>();
      s.client.loop().execute(() -> s.client.newStream(new Http2StreamListener() {
        @Override
        public void onHeaders(Http2Stream stream, List<HeaderField> headers, boolean endStream) {
          throw new IllegalStateException("a bug in the listener");
        }

        @Override
        public void onReset(Http2Stream stream, ErrorCode code) {
          reset.complete(code);
        }
      }).sendHeaders(List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"),
          new HeaderField(":authority", "localhost"), new HeaderField(":path", "/x")), false));
      s.peer.expect(e -> e.type() == FrameType.HEADERS, "the request");
      s.peer.raw(okHeaders(1));
      assertEquals(ErrorCode.INTERNAL_ERROR, s.peer.expectReset(1));
      assertEquals(ErrorCode.INTERNAL_ERROR, reset.get(5, TimeUnit.SECONDS));
    } finally {
      group.close();
    }
  }

  /** The status of one unary call the server answers with {@code wire} of the call's stream id. */
  private static Status unaryAnsweredWith(IntFunction<byte[]> wire) throws Exception {
    return unaryAnsweredWith(new Outcome(), wire);
  }

  private static Status unaryAnsweredWith(Outcome outcome, IntFunction<byte[]> wire) throws Exception {
    try (RawGrpcServer server = new RawGrpcServer(); LoggedExceptions logged = LoggedExceptions.watch()) {
      ManagedChannel channel = channel(server);
      try {
        ClientCall<byte[], byte[]> call =
            channel.newCall(UNARY, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS));
        call.start(outcome, new Metadata());
        call.request(1);
        call.sendMessage(new byte[] {1, 2, 3});
        call.halfClose();
        RawGrpcServer.Request request = server.nextRequest(5000, null, () -> false);
        request.peer().raw(wire.apply(request.streamId()));
        Status status = outcome.status.get(5, TimeUnit.SECONDS);
        assertEquals(0, logged.count(), logged.report());
        return status;
      } finally {
        channel.shutdownNow();
      }
    }
  }

  private static ManagedChannel channel(RawGrpcServer server) {
    return ChannelBuilder.forAddress("127.0.0.1", server.port()).initialBackoff(Duration.ofMillis(10))
        .maxBackoff(Duration.ofMillis(10)).build();
  }

  /** No stream of all those calls is left open on the connection (a leak would grow with every call). */
  private static void assertNoStreamLeft(ManagedChannel channel) throws Exception {
    Http2ClientTransport t = (Http2ClientTransport) ((ChannelImpl) channel).readyTransport();
    if (t == null) {
      return;
    }
    Http2Connection c = t.connection();
    CompletableFuture<Integer> open = new CompletableFuture<>();
    c.loop().execute(() -> open.complete(c.activeStreams()));
    assertEquals(0, open.get(5, TimeUnit.SECONDS), "streams still open on the connection");
  }
}
