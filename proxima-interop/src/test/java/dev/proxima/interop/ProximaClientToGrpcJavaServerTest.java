package dev.proxima.interop;

import static dev.proxima.MethodDescriptor.Type.BIDI_STREAMING;
import static dev.proxima.MethodDescriptor.Type.CLIENT_STREAMING;
import static dev.proxima.MethodDescriptor.Type.SERVER_STREAMING;
import static dev.proxima.MethodDescriptor.Type.UNARY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import com.google.rpc.ErrorInfo;
import dev.proxima.CallOptions;
import dev.proxima.ChannelBuilder;
import dev.proxima.ClientCall;
import dev.proxima.ManagedChannel;
import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;
import dev.proxima.Status;
import dev.proxima.protobuf.ProtoMarshallers;
import io.grpc.ForwardingServerCall;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves that Proxima's client calls a grpc-java 1.79.0 server (Netty transport) correctly over a real
 * loopback socket: every call kind, metadata both ways, status codes, descriptions and rich details,
 * deadlines, cancellation, gzip, large messages, size limits and unknown methods. grpc-java is the
 * independent judge: its handlers see what Proxima put on the wire, and Proxima must decode what
 * grpc-java sends.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
final class ProximaClientToGrpcJavaServerTest {
  private static final io.grpc.Metadata.Key<String> G_TEXT =
      io.grpc.Metadata.Key.of("x-text", io.grpc.Metadata.ASCII_STRING_MARSHALLER);
  private static final io.grpc.Metadata.Key<byte[]> G_BYTES =
      io.grpc.Metadata.Key.of("x-bytes-bin", io.grpc.Metadata.BINARY_BYTE_MARSHALLER);
  private static final io.grpc.Metadata.Key<String> G_REPLY_TEXT =
      io.grpc.Metadata.Key.of("x-reply-text", io.grpc.Metadata.ASCII_STRING_MARSHALLER);
  private static final io.grpc.Metadata.Key<byte[]> G_TRAILER_BYTES =
      io.grpc.Metadata.Key.of("x-trailer-bin", io.grpc.Metadata.BINARY_BYTE_MARSHALLER);
  private static final Metadata.Key<String> P_TEXT = Metadata.Key.of("x-text");
  private static final Metadata.Key<byte[]> P_BYTES = Metadata.Key.binary("x-bytes-bin");
  private static final Metadata.Key<String> P_REPLY_TEXT = Metadata.Key.of("x-reply-text");
  private static final Metadata.Key<byte[]> P_TRAILER_BYTES = Metadata.Key.binary("x-trailer-bin");
  private static final Metadata.Key<byte[]> P_STATUS_DETAILS = Metadata.Key.binary("grpc-status-details-bin");

  private static final MethodDescriptor<String, String> P_UNARY = Methods.proxima(Methods.UNARY, UNARY);
  private static final io.grpc.MethodDescriptor<String, String> G_UNARY =
      Methods.grpc(Methods.UNARY, MethodType.UNARY);

  private io.grpc.Server server;
  private ManagedChannel channel;
  private ByteCountingProxy proxy;

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(java.time.Duration.ofSeconds(5));
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  private void start(ServerServiceDefinition service, int serverMaxInbound, int channelMaxInbound) throws Exception {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service)
        .maxInboundMessageSize(serverMaxInbound).build().start();
    channel = ChannelBuilder.forAddress("127.0.0.1", server.getPort()).maxInboundMessageSize(channelMaxInbound)
        .build();
  }

  private void start(ServerServiceDefinition service) throws Exception {
    start(service, 4 << 20, 4 << 20);
  }

  private static ServerServiceDefinition.Builder echo() {
    return ServerServiceDefinition.builder(Methods.SERVICE);
  }

  private static ServerServiceDefinition unaryService(ServerCalls.UnaryMethod<String, String> method) {
    return echo().addMethod(G_UNARY, ServerCalls.asyncUnaryCall(method)).build();
  }

  private static ServerServiceDefinition unaryService(UnaryOperator<String> f) {
    return unaryService((req, obs) -> {
      obs.onNext(f.apply(req));
      obs.onCompleted();
    });
  }

  private ProximaResult<String> unary(String request, CallOptions options, Metadata headers) {
    return ProximaResult.unary(channel.newCall(P_UNARY, options), request, headers);
  }

  private ProximaResult<String> unary(String request) {
    return unary(request, CallOptions.DEFAULT, new Metadata());
  }

  @Test
  void unaryCallEchoesTheRequest() throws Exception {
    start(unaryService(s -> "echo:" + s));
    ProximaResult<String> r = unary("héllo ✓");
    assertEquals(Status.Code.OK, r.await().code());
    assertEquals(List.of("echo:héllo ✓"), r.messages);
  }

  @Test
  void serverStreamingDeliversEveryMessageInOrder() throws Exception {
    start(echo().addMethod(Methods.grpc(Methods.SERVER_STREAM, MethodType.SERVER_STREAMING),
        ServerCalls.asyncServerStreamingCall((String req, StreamObserver<String> obs) -> {
          for (String part : req.split(",")) {
            obs.onNext(part);
          }
          obs.onCompleted();
        })).build());
    ProximaResult<String> r = ProximaResult.unary(
        channel.newCall(Methods.proxima(Methods.SERVER_STREAM, SERVER_STREAMING), CallOptions.DEFAULT),
        "a,b,c,d,e", new Metadata());
    assertEquals(Status.Code.OK, r.await().code());
    assertEquals(List.of("a", "b", "c", "d", "e"), r.messages);
  }

  @Test
  void clientStreamingServerSeesEveryMessage() throws Exception {
    start(echo().addMethod(Methods.grpc(Methods.CLIENT_STREAM, MethodType.CLIENT_STREAMING),
        ServerCalls.asyncClientStreamingCall((StreamObserver<String> obs) -> new StreamObserver<String>() {
          final List<String> seen = new ArrayList<>();

          @Override
          public void onNext(String value) {
            seen.add(value);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            obs.onNext(String.join(",", seen));
            obs.onCompleted();
          }
        })).build());
    ClientCall<String, String> call =
        channel.newCall(Methods.proxima(Methods.CLIENT_STREAM, CLIENT_STREAMING), CallOptions.DEFAULT);
    ProximaResult<String> r = ProximaResult.start(call, new Metadata());
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      sent.add(Integer.toString(i));
      call.sendMessage(Integer.toString(i));
    }
    call.halfClose();
    assertEquals(Status.Code.OK, r.await().code());
    assertEquals(List.of(String.join(",", sent)), r.messages);
  }

  @Test
  void bidiStreamingAnswersEachMessageBeforeTheClientHalfCloses() throws Exception {
    start(echo().addMethod(Methods.grpc(Methods.BIDI, MethodType.BIDI_STREAMING),
        ServerCalls.asyncBidiStreamingCall((StreamObserver<String> obs) -> new StreamObserver<String>() {
          @Override
          public void onNext(String value) {
            obs.onNext(value.toUpperCase(Locale.ROOT));
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            obs.onCompleted();
          }
        })).build());
    ClientCall<String, String> call = channel.newCall(Methods.proxima(Methods.BIDI, BIDI_STREAMING),
        CallOptions.DEFAULT);
    ProximaResult<String> r = ProximaResult.start(call, new Metadata());
    for (String word : List.of("ping", "pong", "über")) {
      call.sendMessage(word);
      assertEquals(word.toUpperCase(Locale.ROOT), r.queue.poll(5, TimeUnit.SECONDS),
          "reply to " + word + " arrives while the call is still open");
    }
    call.halfClose();
    assertEquals(Status.Code.OK, r.await().code());
  }

  @Test
  void textAndBinaryMetadataTravelBothWays() throws Exception {
    AtomicReference<io.grpc.Metadata> seen = new AtomicReference<>();
    byte[] trailerBytes = {0, (byte) 0xff, 10, 13, 58};
    io.grpc.ServerInterceptor interceptor = new io.grpc.ServerInterceptor() {
      @Override
      public <Q, P> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, P> call,
          io.grpc.Metadata headers, io.grpc.ServerCallHandler<Q, P> next) {
        seen.set(headers);
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void sendHeaders(io.grpc.Metadata h) {
            h.put(G_REPLY_TEXT, "reply-" + headers.get(G_TEXT));
            super.sendHeaders(h);
          }

          @Override
          public void close(io.grpc.Status status, io.grpc.Metadata trailers) {
            trailers.put(G_TRAILER_BYTES, trailerBytes);
            super.close(status, trailers);
          }
        }, headers);
      }
    };
    start(ServerInterceptors.intercept(unaryService(s -> "ok"), interceptor));
    Metadata out = new Metadata();
    out.put(P_TEXT, "some value");
    byte[] binary = {0, 1, 2, (byte) 0x80, (byte) 0xfe, (byte) 0xff, '\n'};
    out.put(P_BYTES, binary);
    ProximaResult<String> r = unary("x", CallOptions.DEFAULT, out);
    assertEquals(Status.Code.OK, r.await().code());
    assertEquals("some value", seen.get().get(G_TEXT));
    assertArrayEquals(binary, seen.get().get(G_BYTES));
    assertEquals("reply-some value", r.headers.get(P_REPLY_TEXT));
    assertArrayEquals(trailerBytes, r.trailers.get(P_TRAILER_BYTES));
  }

  @Test
  void statusCodeAndNonAsciiDescriptionReachTheClientIntact() throws Exception {
    String description = "bad input: ünïcødé ✓ 100% done\tand a newline\nhere";
    start(unaryService((req, obs) ->
        obs.onError(io.grpc.Status.FAILED_PRECONDITION.withDescription(description).asRuntimeException())));
    Status s = unary("x").await();
    assertEquals(Status.Code.FAILED_PRECONDITION, s.code());
    assertEquals(description, s.description());
  }

  @Test
  void statusDetailsFromStatusProtoArriveInTheTrailers() throws Exception {
    com.google.rpc.Status details = com.google.rpc.Status.newBuilder()
        .setCode(io.grpc.Status.Code.PERMISSION_DENIED.value())
        .setMessage("no access to ✓")
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("QUOTA").setDomain("proxima.dev")
            .putMetadata("k", "v").build()))
        .build();
    start(unaryService((req, obs) -> obs.onError(StatusProto.toStatusRuntimeException(details))));
    ProximaResult<String> r = unary("x");
    Status s = r.await();
    assertEquals(Status.Code.PERMISSION_DENIED, s.code());
    assertEquals("no access to ✓", s.description());
    byte[] raw = r.trailers.get(P_STATUS_DETAILS);
    assertNotNull(raw, "grpc-status-details-bin is in the trailers");
    com.google.rpc.Status got = com.google.rpc.Status.parseFrom(raw);
    assertEquals(details, got);
    assertEquals("QUOTA", got.getDetails(0).unpack(ErrorInfo.class).getReason());
  }

  @Test
  void clientDeadlineExpiresAsDeadlineExceededAndCancelsTheServerContext() throws Exception {
    AtomicReference<Long> serverLeftMs = new AtomicReference<>();
    CountDownLatch serverCancelled = new CountDownLatch(1);
    start(unaryService((req, obs) -> {
      if (req.equals("warm-up")) {
        obs.onNext("ok");
        obs.onCompleted();
        return;
      }
      io.grpc.Deadline d = io.grpc.Context.current().getDeadline();
      serverLeftMs.set(d == null ? null : d.timeRemaining(TimeUnit.MILLISECONDS));
      io.grpc.Context.current().addListener(ctx -> serverCancelled.countDown(), Runnable::run);
      // never answers
    }));
    // The first call pays for connecting and class loading; the timed one must reach the handler.
    assertEquals(Status.Code.OK, unary("warm-up").await().code());
    long t0 = System.nanoTime();
    Status s = unary("x", CallOptions.DEFAULT.withDeadlineAfter(300, TimeUnit.MILLISECONDS), new Metadata())
        .await();
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(Status.Code.DEADLINE_EXCEEDED, s.code());
    assertTrue(tookMs < 3000, "took " + tookMs + " ms");
    assertTrue(serverCancelled.await(5, TimeUnit.SECONDS), "the handler's context is cancelled");
    assertNotNull(serverLeftMs.get(), "grpc-timeout became the server context's deadline");
    assertTrue(serverLeftMs.get() > 0 && serverLeftMs.get() <= 300, serverLeftMs.get() + " ms left of 300");
  }

  @Test
  void serverSeesThePropagatedDeadlineWhileTheCallRuns() throws Exception {
    AtomicReference<Long> leftMs = new AtomicReference<>();
    start(unaryService(s -> {
      io.grpc.Deadline d = io.grpc.Context.current().getDeadline();
      leftMs.set(d == null ? null : d.timeRemaining(TimeUnit.MILLISECONDS));
      return s;
    }));
    assertEquals(Status.Code.OK,
        unary("x", CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), new Metadata()).await().code());
    assertNotNull(leftMs.get(), "the server context has a deadline");
    assertTrue(leftMs.get() > 3000 && leftMs.get() <= 5000, leftMs.get() + " ms left of 5000");
  }

  @Test
  void clientCancelReachesTheServerHandler() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch onCancel = new CountDownLatch(1);
    CountDownLatch contextCancelled = new CountDownLatch(1);
    start(echo().addMethod(Methods.grpc(Methods.BIDI, MethodType.BIDI_STREAMING),
        ServerCalls.asyncBidiStreamingCall((StreamObserver<String> obs) -> {
          ((ServerCallStreamObserver<String>) obs).setOnCancelHandler(onCancel::countDown);
          io.grpc.Context.current().addListener(ctx -> contextCancelled.countDown(), Runnable::run);
          return new StreamObserver<String>() {
            @Override
            public void onNext(String value) {
              started.countDown();
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
          };
        })).build());
    ClientCall<String, String> call = channel.newCall(Methods.proxima(Methods.BIDI, BIDI_STREAMING),
        CallOptions.DEFAULT);
    ProximaResult<String> r = ProximaResult.start(call, new Metadata());
    call.sendMessage("hello");
    assertTrue(started.await(5, TimeUnit.SECONDS));
    call.cancel("user gave up", null);
    assertEquals(Status.Code.CANCELLED, r.await().code());
    assertTrue(onCancel.await(5, TimeUnit.SECONDS), "the server's onCancel handler ran");
    assertTrue(contextCancelled.await(5, TimeUnit.SECONDS), "the handler's context is cancelled");
  }

  @Test
  void serverErrorMidStreamEndsTheCallWithItsStatusAfterTheMessagesSent() throws Exception {
    start(echo().addMethod(Methods.grpc(Methods.SERVER_STREAM, MethodType.SERVER_STREAMING),
        ServerCalls.asyncServerStreamingCall((String req, StreamObserver<String> obs) -> {
          obs.onNext("one");
          obs.onNext("two");
          obs.onError(io.grpc.Status.ABORTED.withDescription("gave up halfway").asRuntimeException());
        })).build());
    ProximaResult<String> r = ProximaResult.unary(
        channel.newCall(Methods.proxima(Methods.SERVER_STREAM, SERVER_STREAMING), CallOptions.DEFAULT),
        "go", new Metadata());
    Status s = r.await();
    assertEquals(Status.Code.ABORTED, s.code());
    assertEquals("gave up halfway", s.description());
    assertEquals(List.of("one", "two"), r.messages);
  }

  @Test
  void gzipCompressesRequestsAndResponsesOnTheWire() throws Exception {
    start(unaryService((req, obs) -> {
      ((ServerCallStreamObserver<String>) obs).setCompression("gzip");
      obs.onNext(req + req);
      obs.onCompleted();
    }));
    proxy = new ByteCountingProxy(server.getPort());
    ManagedChannel viaProxy = ChannelBuilder.forAddress("127.0.0.1", proxy.port()).build();
    try {
      String big = "compress me, please ".repeat(25_000); // 500 kB, highly compressible
      ProximaResult<String> r = ProximaResult.unary(
          viaProxy.newCall(P_UNARY, CallOptions.DEFAULT.withCompression("gzip")), big, new Metadata());
      assertEquals(Status.Code.OK, r.await().code());
      assertEquals(List.of(big + big), r.messages);
      assertTrue(proxy.clientToServer.get() < 100_000, "request went gzipped: " + proxy.clientToServer + " bytes");
      assertTrue(proxy.serverToClient.get() < 100_000, "response went gzipped: " + proxy.serverToClient + " bytes");
    } finally {
      viaProxy.shutdownNow().awaitTermination(java.time.Duration.ofSeconds(5));
    }
  }

  @Test
  void fourMebibyteMessagesRoundTripWhenLimitsAllow() throws Exception {
    int limit = 8 << 20;
    start(unaryService(s -> new StringBuilder(s).reverse().toString()), limit, limit);
    // Larger than either side's flow-control windows: both must reopen them while a message arrives.
    String big = Payloads.randomAscii(4 << 20, 7);
    ProximaResult<String> r = unary(big);
    assertEquals(Status.Code.OK, r.await().code());
    assertEquals(List.of(new StringBuilder(big).reverse().toString()), r.messages);
  }

  @Test
  void requestAboveTheServersMaxInboundSizeIsResourceExhausted() throws Exception {
    AtomicReference<String> handled = new AtomicReference<>();
    start(unaryService(s -> {
      handled.set(s);
      return s;
    }), 1024, 4 << 20);
    assertEquals(Status.Code.OK, unary("fits").await().code());
    Status s = unary("x".repeat(1025)).await();
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, s.code());
    assertEquals("fits", handled.get(), "the oversized request never reached the handler");
  }

  @Test
  void responseAboveTheClientsMaxInboundSizeIsResourceExhausted() throws Exception {
    start(unaryService(s -> "y".repeat(Integer.parseInt(s))), 4 << 20, 1024);
    ProximaResult<String> fits = unary("1024");
    assertEquals(Status.Code.OK, fits.await().code());
    assertEquals(1024, fits.messages.get(0).length());
    ProximaResult<String> r = unary("1025");
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, r.await().code());
    assertEquals(List.of(), r.messages);
  }

  @Test
  void unknownMethodAndUnknownServiceAreUnimplemented() throws Exception {
    start(unaryService(s -> s));
    for (String name : List.of(Methods.MISSING, Methods.NO_SERVICE)) {
      ProximaResult<String> r = ProximaResult.unary(channel.newCall(Methods.proxima(name, UNARY), CallOptions.DEFAULT),
          "x", new Metadata());
      assertEquals(Status.Code.UNIMPLEMENTED, r.await().code(), name);
    }
  }

  @Test
  void protobufMessagesRoundTripBetweenTheTwoMarshallers() throws Exception {
    StringValue empty = StringValue.getDefaultInstance();
    io.grpc.MethodDescriptor<StringValue, StringValue> grpcMethod = Methods.grpc(Methods.PROTO, MethodType.UNARY,
        ProtoUtils.marshaller(empty), ProtoUtils.marshaller(empty));
    start(echo().addMethod(grpcMethod, ServerCalls.asyncUnaryCall((StringValue v, StreamObserver<StringValue> obs) -> {
      obs.onNext(StringValue.of("proto:" + v.getValue()));
      obs.onCompleted();
    })).build());
    MethodDescriptor<StringValue, StringValue> method = Methods.proxima(Methods.PROTO, UNARY,
        ProtoMarshallers.marshaller(StringValue.getDefaultInstance()),
        ProtoMarshallers.marshaller(StringValue.getDefaultInstance()));
    ProximaResult<StringValue> r = ProximaResult.unary(channel.newCall(method, CallOptions.DEFAULT),
        StringValue.of("ünï"), new Metadata());
    assertEquals(Status.Code.OK, r.await().code());
    assertEquals("proto:ünï", r.messages.get(0).getValue());
  }

  @Test
  void everyNonOkStatusCodeReachesTheClientWithItsDescription() throws Exception {
    start(unaryService((req, obs) -> obs.onError(
        io.grpc.Status.fromCodeValue(Integer.parseInt(req)).withDescription("code " + req).asRuntimeException())));
    for (int code = 1; code <= 16; code++) {
      Status s = unary(Integer.toString(code)).await();
      assertEquals(code, s.code().value());
      assertEquals("code " + code, s.description());
    }
  }

  @Test
  void streamsLargerThanTheFlowControlWindowsFlowBothWays() throws Exception {
    int messages = 24; // 24 MiB each way: beyond grpc-java's and our connection and stream windows
    String mib = Payloads.randomAscii(1 << 20, 3);
    start(echo().addMethod(Methods.grpc(Methods.BIDI, MethodType.BIDI_STREAMING),
        ServerCalls.asyncBidiStreamingCall((StreamObserver<String> obs) -> new StreamObserver<String>() {
          @Override
          public void onNext(String value) {
            obs.onNext(value.toUpperCase(Locale.ROOT));
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            obs.onCompleted();
          }
        })).build());
    ClientCall<String, String> call = channel.newCall(Methods.proxima(Methods.BIDI, BIDI_STREAMING),
        CallOptions.DEFAULT);
    ProximaResult<String> r = ProximaResult.start(call, new Metadata());
    for (int i = 0; i < messages; i++) {
      call.sendMessage(mib);
    }
    call.halfClose();
    assertEquals(Status.Code.OK, r.await().code());
    assertEquals(messages, r.messages.size());
    String expected = mib.toUpperCase(Locale.ROOT);
    for (String m : r.messages) {
      assertEquals(expected, m);
    }
  }

  @Test
  void serverFailingABidiCallMidwayEndsItForTheClient() throws Exception {
    start(echo().addMethod(Methods.grpc(Methods.BIDI, MethodType.BIDI_STREAMING),
        ServerCalls.asyncBidiStreamingCall((StreamObserver<String> obs) -> new StreamObserver<String>() {
          @Override
          public void onNext(String value) {
            if (value.equals("fail")) {
              obs.onError(io.grpc.Status.INTERNAL.withDescription("failed on message 3").asRuntimeException());
            } else {
              obs.onNext(value.toUpperCase(Locale.ROOT));
            }
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        })).build());
    ClientCall<String, String> call = channel.newCall(Methods.proxima(Methods.BIDI, BIDI_STREAMING),
        CallOptions.DEFAULT);
    ProximaResult<String> r = ProximaResult.start(call, new Metadata());
    call.sendMessage("a");
    call.sendMessage("b");
    call.sendMessage("fail");
    Status s = r.await(); // the client never half-closed: the server's status ends the call
    assertEquals(Status.Code.INTERNAL, s.code());
    assertEquals("failed on message 3", s.description());
    assertEquals(List.of("A", "B"), r.messages);
  }

  @Test
  void repeatedMetadataKeysKeepEveryValueInOrderBothWays() throws Exception {
    AtomicReference<List<String>> seen = new AtomicReference<>();
    io.grpc.ServerInterceptor interceptor = new io.grpc.ServerInterceptor() {
      @Override
      public <Q, P> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, P> call,
          io.grpc.Metadata headers, io.grpc.ServerCallHandler<Q, P> next) {
        List<String> values = new ArrayList<>();
        headers.getAll(G_TEXT).forEach(values::add);
        seen.set(values);
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void sendHeaders(io.grpc.Metadata h) {
            h.put(G_REPLY_TEXT, "first");
            h.put(G_REPLY_TEXT, "second");
            super.sendHeaders(h);
          }
        }, headers);
      }
    };
    start(ServerInterceptors.intercept(unaryService(s -> "ok"), interceptor));
    Metadata out = new Metadata();
    out.put(P_TEXT, "one");
    out.put(P_TEXT, "two");
    out.put(P_TEXT, "three");
    ProximaResult<String> r = unary("x", CallOptions.DEFAULT, out);
    assertEquals(Status.Code.OK, r.await().code());
    assertEquals(List.of("one", "two", "three"), seen.get());
    assertEquals(List.of("first", "second"), r.headers.getAll(P_REPLY_TEXT));
  }

  @Test
  void channelShutdownNowCancelsTheServersCall() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch onCancel = new CountDownLatch(1);
    start(echo().addMethod(Methods.grpc(Methods.BIDI, MethodType.BIDI_STREAMING),
        ServerCalls.asyncBidiStreamingCall((StreamObserver<String> obs) -> {
          ((ServerCallStreamObserver<String>) obs).setOnCancelHandler(onCancel::countDown);
          return new StreamObserver<String>() {
            @Override
            public void onNext(String value) {
              started.countDown();
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
          };
        })).build());
    ClientCall<String, String> call = channel.newCall(Methods.proxima(Methods.BIDI, BIDI_STREAMING),
        CallOptions.DEFAULT);
    ProximaResult<String> r = ProximaResult.start(call, new Metadata());
    call.sendMessage("hello");
    assertTrue(started.await(5, TimeUnit.SECONDS));
    channel.shutdownNow();
    Status s = r.await();
    assertTrue(s.code() == Status.Code.UNAVAILABLE || s.code() == Status.Code.CANCELLED, s.toString());
    assertTrue(onCancel.await(5, TimeUnit.SECONDS), "the server's onCancel handler ran");
  }
}
