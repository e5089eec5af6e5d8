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
import static org.junit.jupiter.api.Assertions.fail;

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
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real channel calling a server that answers each call with a broken response
 * ({@link HostileResponse}), over real sockets: every call must end, in bounded time, with the
 * status gRPC specifies and a description a person can act on; nothing but that status may reach
 * the caller (no exception from a call method, none logged by the library); the connection lives
 * on after a stream error and is replaced after a connection error; and the channel shuts down
 * promptly at the end.
 *
 * <p>Seeded: a failure prints the seed, the scenario and the octets sent, in hex. Replay a run with
 * {@code -Dproxima.hostile.seed=<seed>} (and {@code -Dproxima.hostile.scenarios=<n>}).
 */
@Timeout(120)
class HostileServerTest {
  private static final long SEED = Long.getLong("proxima.hostile.seed", 0x5eed_ca11L);
  private static final int SCENARIOS = Integer.getInteger("proxima.hostile.scenarios", 300);
  private static final MethodDescriptor<byte[], byte[]> UNARY =
      RawBytesMethods.method("test.Hostile/Unary", MethodDescriptor.Type.UNARY, "");
  private static final AtomicLong CALL_IDS = new AtomicLong();
  /** How long past its deadline a call may take to end before it counts as hung. */
  private static final long GRACE_MILLIS = 3000;

  /** Everything one call told its listener. */
  static final class Outcome extends ClientCall.Listener<byte[]> {
    final CompletableFuture<Status> status = new CompletableFuture<>();
    final List<byte[]> messages = new CopyOnWriteArrayList<>();
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void onMessage(byte[] message) {
      messages.add(message);
    }

    @Override
    public void onClose(Status s, Metadata trailers) {
      closes.incrementAndGet();
      status.complete(s);
    }
  }

  @Test
  void everyCallToAHostileServerEndsWithTheStatusTheSpecGives() throws Exception {
    List<String> failures = new ArrayList<>();
    List<Outcome> outcomes = new ArrayList<>();
    try (RawGrpcServer server = new RawGrpcServer(); LoggedExceptions logged = LoggedExceptions.watch()) {
      ManagedChannel channel = channel(server);
      Random seeds = new Random(SEED);
      HostileResponse previous = null;
      for (int i = 0; i < SCENARIOS; i++) {
        long seed = seeds.nextLong();
        Random r = new Random(seed);
        HostileResponse.Kind kind = HostileResponse.Kind.pick(r);
        int loggedBefore = logged.count();
        Outcome outcome = new Outcome();
        outcomes.add(outcome);
        HostileResponse response = null;
        try {
          response = play(channel, server, kind, r, previous, outcome);
          if (logged.count() > loggedBefore) {
            throw new AssertionError((response == null ? "" : response.describe() + "\n  ")
                + "the library logged an exception:\n" + logged.report());
          }
        } catch (AssertionError | Exception e) {
          failures.add("scenario " + i + " (seed " + seed + ", run seed " + SEED + ") " + kind + ": "
              + (e instanceof AssertionError ? e.getMessage() : e.toString()));
        }
        previous = response;
      }
      Outcome last = new Outcome();
      outcomes.add(last);
      try {
        play(channel, server, HostileResponse.Kind.VALID, new Random(SEED), previous, last);
      } catch (AssertionError e) {
        failures.add("a valid call after all scenarios: " + e.getMessage());
      }
      assertNoStreamLeft(channel);
      channel.shutdown();
      assertTrue(channel.awaitTermination(Duration.ofSeconds(5)), "shutdown() did not complete within 5 s");
      for (int i = 0; i < outcomes.size(); i++) {
        if (outcomes.get(i).closes.get() != 1) {
          failures.add("scenario " + i + ": onClose called " + outcomes.get(i).closes.get() + " times");
        }
      }
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + SCENARIOS + " scenarios failed:\n"
          + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
    }
  }

  // ---------------------------------------------------------------- what the seeded runs found, one rule each

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
  void aResetWithAnUnknownCodeIsInternalAndTheDescriptionShowsTheValueSent() throws Exception {
    // RFC 9113 §7: an unknown code is treated as INTERNAL_ERROR, but a person debugging sees it.
    Status s = unaryAnsweredWith(id -> rstStream(id, 0x1234));
    assertEquals(Status.Code.INTERNAL, s.code(), s.toString());
    assertTrue(s.description().contains("the peer reset stream 1 with RST_STREAM unknown error code 0x1234"),
        s.toString());
  }

  @Test
  void aGoAwayWithAnUnknownCodeShowsTheValueSentInTheDescription() throws Exception {
    Status s = unaryAnsweredWith(id -> goAway(0, 0x1234, "odd"));
    assertEquals(Status.Code.UNAVAILABLE, s.code(), s.toString());
    assertTrue(s.description().contains("GOAWAY (last-stream-id 0, unknown error code 0x1234"), s.toString());
    assertTrue(s.description().contains("'odd'"), s.toString());
  }

  @Test
  void aConnectionClosedAfterAGoAwayNamesTheGoAwayAndItsUnknownCode() throws Exception {
    Status s = unaryAnsweredBy(new Outcome(), request -> {
      request.peer().raw(goAway(request.streamId(), 0x1234, "bye"));
      request.peer().close();
    });
    assertEquals(Status.Code.UNAVAILABLE, s.code(), s.toString());
    assertTrue(s.description().contains("connection closed before the stream ended, after the peer's GOAWAY"
        + " (last-stream-id 1, unknown error code 0x1234"), s.toString());
  }

  @Test
  void aGoAwayBelowTheCallsStreamIsUnavailableAndSaysItIsSafeToRetry() throws Exception {
    Status s = unaryAnsweredWith(id -> goAway(0, ErrorCode.NO_ERROR.code(), "draining"));
    assertEquals(Status.Code.UNAVAILABLE, s.code(), s.toString());
    assertTrue(s.description().contains("GOAWAY (last-stream-id 0, NO_ERROR, 'draining')"), s.toString());
    assertTrue(s.description().contains("safe to retry"), s.toString());
  }

  @Test
  void aResponseWhoseDataExceedsItsContentLengthIsInternalAndTheDescriptionNamesTheRule() throws Exception {
    // content-length 3, but a 6-octet message (prefix and one byte): malformed (RFC 9113 §8.1.1).
    Status s = unaryAnsweredWith(id -> concat(
        headers(id, false, ":status", "200", "content-type", "application/grpc", "content-length", "3"),
        data(id, false, message(new byte[] {7})), trailers(id, "0", "fine")));
    assertEquals(Status.Code.INTERNAL, s.code(), s.toString());
    assertTrue(s.description().contains("content-length 3 but 6 octets of DATA (RFC 9113 §8.1.1)"), s.toString());
  }

  @Test
  void aResponseWhoseDataMatchesItsContentLengthIsServed() throws Exception {
    Status s = unaryAnsweredWith(id -> concat(
        headers(id, false, ":status", "200", "content-type", "application/grpc", "content-length", "6"),
        data(id, false, message(new byte[] {7})), trailers(id, "0", "fine")));
    assertEquals(Status.Code.OK, s.code(), s.toString());
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
    return unaryAnsweredBy(outcome, request -> request.peer().raw(wire.apply(request.streamId())));
  }

  /** How the raw server answers the one request of a test. */
  private interface Answer {
    void answer(RawGrpcServer.Request request) throws Exception;
  }

  private static Status unaryAnsweredBy(Outcome outcome, Answer answer) throws Exception {
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
        answer.answer(request);
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

  /**
   * One call answered with a {@code kind} of response: checks where it arrived (after
   * {@code previous}), and how it ended. Returns the response sent.
   */
  private static HostileResponse play(ManagedChannel channel, RawGrpcServer server, HostileResponse.Kind kind,
      Random r, HostileResponse previous, Outcome outcome) throws Exception {
    long deadline = kind.deadlineMillis();
    String id = startUnary(channel, deadline, outcome);
    RawGrpcServer.Request request = server.nextRequest(5000, id, outcome.status::isDone);
    if (request == null) {
      return endedBeforeTheServerSawIt(kind, outcome);
    }
    if (previous != null) {
      boolean wantNew = previous.fate() == HostileResponse.Fate.NEW_CONNECTION;
      if (request.newConnection() != wantNew) {
        throw new AssertionError("the call came on " + (request.newConnection() ? "a new" : "the same")
            + " connection after " + previous.kind() + ": " + previous.what());
      }
    }
    HostileResponse response = HostileResponse.of(kind, r, request.streamId());
    // Now and then another call is open on the connection meanwhile: a stream error must not harm it.
    boolean companion = response.fate() == HostileResponse.Fate.SAME_CONNECTION && !response.anyStatus()
        && r.nextInt(3) == 0;
    try {
      answer(channel, server, request, response, deadline, outcome, companion);
    } catch (AssertionError e) {
      throw new AssertionError(response.describe() + (companion ? " (with a companion call)" : "") + "\n  "
          + e.getMessage(), e);
    }
    return response;
  }

  /**
   * Starts a unary call with {@code deadlineMillis}: its request sent, its response asked for.
   * Returns the id the request carries, so the server can tell it from an earlier call's that
   * arrives late.
   */
  private static String startUnary(ManagedChannel channel, long deadlineMillis, Outcome outcome) {
    ClientCall<byte[], byte[]> call =
        channel.newCall(UNARY, CallOptions.DEFAULT.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS));
    String id = Long.toString(CALL_IDS.incrementAndGet());
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of(RawGrpcServer.CALL_ID), id);
    try {
      call.start(outcome, headers);
      call.request(1);
      call.sendMessage(new byte[] {1, 2, 3});
      call.halfClose();
    } catch (RuntimeException e) {
      throw new AssertionError("a call method threw " + e, e);
    }
    return id;
  }

  /**
   * Sends {@code response} to {@code request} and checks how the call ended; with
   * {@code companion}, another call is opened first and answered validly after.
   */
  private static void answer(ManagedChannel channel, RawGrpcServer server, RawGrpcServer.Request request,
      HostileResponse response, long deadline, Outcome outcome, boolean companion) throws Exception {
    Outcome other = new Outcome();
    RawGrpcServer.Request otherRequest = null;
    if (companion) {
      String id = startUnary(channel, 5000, other);
      otherRequest = server.nextRequest(5000, id, other.status::isDone);
      if (otherRequest == null || otherRequest.peer() != request.peer()) {
        throw new AssertionError("the companion call did not come on the same connection: " + other.status);
      }
    }
    Http2ClientTransport before = (Http2ClientTransport) ((ChannelImpl) channel).readyTransport();
    send(request.peer(), response);
    Status status;
    try {
      status = outcome.status.get(deadline + GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the call did not end within its deadline + " + GRACE_MILLIS + " ms");
    }
    if (response.after() == HostileResponse.After.CLOSE_WHEN_DONE) {
      request.peer().close();
      if (before != null) {
        // Wait for the client to see the close, or the next call might still pick this connection.
        before.connection().closeFuture().get(5, TimeUnit.SECONDS);
      }
    }
    check(response, status, outcome);
    if (otherRequest != null) {
      byte[] body = {4, 2};
      otherRequest.peer().raw(okResponse(otherRequest.streamId(), body));
      Status s = other.status.get(5, TimeUnit.SECONDS);
      assertEquals(Status.Code.OK, s.code(), "the companion call on stream " + otherRequest.streamId() + ": " + s);
      assertArrayEquals(body, other.messages.get(0), "the companion call's message");
    }
  }

  /**
   * A short deadline may pass before the request is out (while connecting, say): fine only when
   * DEADLINE_EXCEEDED was an answer the kind allows. Null: no response was sent.
   */
  private static HostileResponse endedBeforeTheServerSawIt(HostileResponse.Kind kind, Outcome outcome)
      throws Exception {
    Status status = outcome.status.get();
    if (status.code() != Status.Code.DEADLINE_EXCEEDED || kind.deadlineMillis() >= 1000) {
      throw new AssertionError("the call ended before its request reached the server: " + status);
    }
    return null;
  }

  private static void send(RawPeer peer, HostileResponse response) throws IOException {
    try {
      peer.raw(response.wire());
    } catch (IOException e) {
      // The client may close the connection before reading it all (a connection error early on).
    }
    switch (response.after()) {
      case CLOSE -> peer.close();
      case ABORT -> {
        peer.socket.setSoLinger(true, 0);
        peer.close();
      }
      default -> {}
    }
  }

  private static void check(HostileResponse response, Status status, Outcome outcome) {
    String got = "got " + status;
    if (!response.allows(status)) {
      throw new AssertionError("expected " + response.codes() + ", " + got);
    }
    if (status.cause() instanceof RuntimeException || status.cause() instanceof Error) {
      throw new AssertionError("a bug's exception dressed up as a status: " + got, status.cause());
    }
    if (status.code() != Status.Code.OK && !response.anyStatus()) {
      String d = status.description();
      if (d == null || d.isBlank()) {
        throw new AssertionError("no description a person can act on: " + got);
      }
      if (response.mustMention() != null && !d.contains(response.mustMention())) {
        throw new AssertionError("the description does not mention '" + response.mustMention() + "': " + got);
      }
    }
    if (response.expectedMessage() != null) {
      assertEquals(1, outcome.messages.size(), "messages delivered; " + got);
      assertArrayEquals(response.expectedMessage(), outcome.messages.get(0), "the message delivered");
    }
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
