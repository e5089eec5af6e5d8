package dev.proxima.interop;

import static dev.proxima.MethodDescriptor.Type.BIDI_STREAMING;
import static dev.proxima.MethodDescriptor.Type.CLIENT_STREAMING;
import static dev.proxima.MethodDescriptor.Type.SERVER_STREAMING;
import static dev.proxima.MethodDescriptor.Type.UNARY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import com.google.rpc.ErrorInfo;
import dev.proxima.Context;
import dev.proxima.Deadline;
import dev.proxima.Metadata;
import dev.proxima.Server;
import dev.proxima.ServerBuilder;
import dev.proxima.ServerCall;
import dev.proxima.ServiceDefinition;
import dev.proxima.Status;
import dev.proxima.protobuf.ProtoMarshallers;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves that grpc-java 1.79.0's client (Netty transport) calls a Proxima server correctly over a real
 * loopback socket: every call kind, metadata both ways, status codes, descriptions and rich details,
 * deadlines, cancellation, gzip, large messages, size limits and unknown methods. grpc-java is the
 * independent judge: whatever it decodes is what Proxima put on the wire.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
final class GrpcJavaClientToProximaServerTest {
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

  private static final io.grpc.MethodDescriptor<String, String> G_UNARY = Methods.grpc(Methods.UNARY, MethodType.UNARY);

  private Server server;
  private io.grpc.ManagedChannel channel;
  private ByteCountingProxy proxy;

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(java.time.Duration.ofSeconds(5));
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  private void start(ServerBuilder builder, int channelMaxInbound) throws Exception {
    server = builder.build().start();
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
        .maxInboundMessageSize(channelMaxInbound).build();
  }

  private void start(ServiceDefinition service) throws Exception {
    start(ServerBuilder.forAddress(new java.net.InetSocketAddress("127.0.0.1", 0)).addService(service), 4 << 20);
  }

  private static ServiceDefinition.Builder echo() {
    return ServiceDefinition.builder(Methods.SERVICE);
  }

  private static ServiceDefinition unaryService(dev.proxima.ServerCallHandler<String, String> handler) {
    return echo().addMethod(Methods.proxima(Methods.UNARY, UNARY), handler).build();
  }

  @Test
  void unaryCallEchoesTheRequest() throws Exception {
    start(unaryService(ProximaHandlers.unary(s -> "echo:" + s)));
    assertEquals("echo:héllo ✓",
        ClientCalls.blockingUnaryCall(channel, G_UNARY, io.grpc.CallOptions.DEFAULT, "héllo ✓"));
  }

  @Test
  void serverStreamingDeliversEveryMessageInOrder() throws Exception {
    start(echo().addMethod(Methods.proxima(Methods.SERVER_STREAM, SERVER_STREAMING), ProximaHandlers.split()).build());
    Iterator<String> it = ClientCalls.blockingServerStreamingCall(channel,
        Methods.grpc(Methods.SERVER_STREAM, MethodType.SERVER_STREAMING), io.grpc.CallOptions.DEFAULT, "a,b,c,d,e");
    List<String> got = new ArrayList<>();
    it.forEachRemaining(got::add);
    assertEquals(List.of("a", "b", "c", "d", "e"), got);
  }

  @Test
  void clientStreamingServerSeesEveryMessage() throws Exception {
    start(echo().addMethod(Methods.proxima(Methods.CLIENT_STREAM, CLIENT_STREAMING), ProximaHandlers.join()).build());
    RecordingObserver<String> responses = new RecordingObserver<>();
    StreamObserver<String> requests = ClientCalls.asyncClientStreamingCall(channel.newCall(
        Methods.grpc(Methods.CLIENT_STREAM, MethodType.CLIENT_STREAMING), io.grpc.CallOptions.DEFAULT), responses);
    for (int i = 0; i < 100; i++) {
      requests.onNext(Integer.toString(i));
    }
    requests.onCompleted();
    assertEquals(io.grpc.Status.Code.OK, responses.await().getCode());
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expected.add(Integer.toString(i));
    }
    assertEquals(List.of(String.join(",", expected)), responses.messages);
  }

  @Test
  void bidiStreamingAnswersEachMessageBeforeTheClientHalfCloses() throws Exception {
    start(echo().addMethod(Methods.proxima(Methods.BIDI, BIDI_STREAMING), ProximaHandlers.shout()).build());
    java.util.concurrent.LinkedBlockingQueue<String> replies = new java.util.concurrent.LinkedBlockingQueue<>();
    RecordingObserver<String> done = new RecordingObserver<>();
    StreamObserver<String> requests = ClientCalls.asyncBidiStreamingCall(channel.newCall(
        Methods.grpc(Methods.BIDI, MethodType.BIDI_STREAMING), io.grpc.CallOptions.DEFAULT),
        new StreamObserver<String>() {
          @Override
          public void onNext(String value) {
            replies.add(value);
            done.onNext(value);
          }

          @Override
          public void onError(Throwable t) {
            done.onError(t);
          }

          @Override
          public void onCompleted() {
            done.onCompleted();
          }
        });
    for (String word : List.of("ping", "pong", "über")) {
      requests.onNext(word);
      assertEquals(word.toUpperCase(java.util.Locale.ROOT), replies.poll(5, TimeUnit.SECONDS),
          "reply to " + word + " arrives while the call is still open");
    }
    requests.onCompleted();
    assertEquals(io.grpc.Status.Code.OK, done.await().getCode());
  }

  @Test
  void textAndBinaryMetadataTravelBothWays() throws Exception {
    AtomicReference<String> seenText = new AtomicReference<>();
    AtomicReference<byte[]> seenBytes = new AtomicReference<>();
    start(unaryService((call, headers) -> {
      seenText.set(headers.get(P_TEXT));
      seenBytes.set(headers.get(P_BYTES));
      call.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onHalfClose() {
          Metadata h = new Metadata();
          h.put(P_REPLY_TEXT, "reply-" + headers.get(P_TEXT));
          call.sendHeaders(h);
          call.sendMessage("ok");
          Metadata t = new Metadata();
          t.put(P_TRAILER_BYTES, new byte[] {0, (byte) 0xff, 10, 13, 58});
          call.close(Status.OK, t);
        }
      };
    }));
    io.grpc.Metadata out = new io.grpc.Metadata();
    out.put(G_TEXT, "some value");
    byte[] binary = {0, 1, 2, (byte) 0x80, (byte) 0xfe, (byte) 0xff, '\n'};
    out.put(G_BYTES, binary);
    AtomicReference<io.grpc.Metadata> headers = new AtomicReference<>();
    AtomicReference<io.grpc.Metadata> trailers = new AtomicReference<>();
    io.grpc.Channel intercepted = ClientInterceptors.intercept(channel,
        MetadataUtils.newAttachHeadersInterceptor(out), MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
    assertEquals("ok", ClientCalls.blockingUnaryCall(intercepted, G_UNARY, io.grpc.CallOptions.DEFAULT, "x"));
    assertEquals("some value", seenText.get());
    assertArrayEquals(binary, seenBytes.get());
    assertEquals("reply-some value", headers.get().get(G_REPLY_TEXT));
    assertArrayEquals(new byte[] {0, (byte) 0xff, 10, 13, 58}, trailers.get().get(G_TRAILER_BYTES));
  }

  @Test
  void statusCodeAndNonAsciiDescriptionReachTheClientIntact() throws Exception {
    String description = "bad input: ünïcødé ✓ 100% done\tand a newline\nhere";
    start(unaryService((call, headers) -> {
      call.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onHalfClose() {
          call.close(Status.FAILED_PRECONDITION.withDescription(description), new Metadata());
        }
      };
    }));
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> ClientCalls.blockingUnaryCall(channel, G_UNARY, io.grpc.CallOptions.DEFAULT, "x"));
    assertEquals(io.grpc.Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
    assertEquals(description, e.getStatus().getDescription());
  }

  @Test
  void statusDetailsInTrailersDecodeWithStatusProto() throws Exception {
    com.google.rpc.Status details = com.google.rpc.Status.newBuilder()
        .setCode(io.grpc.Status.Code.PERMISSION_DENIED.value())
        .setMessage("no access to ✓")
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("QUOTA").setDomain("proxima.dev")
            .putMetadata("k", "v").build()))
        .build();
    start(unaryService((call, headers) -> {
      call.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onHalfClose() {
          Metadata t = new Metadata();
          t.put(P_STATUS_DETAILS, details.toByteArray());
          call.close(Status.PERMISSION_DENIED.withDescription("no access to ✓"), t);
        }
      };
    }));
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> ClientCalls.blockingUnaryCall(channel, G_UNARY, io.grpc.CallOptions.DEFAULT, "x"));
    assertEquals(io.grpc.Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
    com.google.rpc.Status got = StatusProto.fromThrowable(e);
    assertEquals(details, got);
    assertEquals("QUOTA", got.getDetails(0).unpack(ErrorInfo.class).getReason());
  }

  @Test
  void clientDeadlineExpiresAsDeadlineExceededAndCancelsTheServerContext() throws Exception {
    AtomicReference<Long> serverLeftMs = new AtomicReference<>();
    CountDownLatch serverCancelled = new CountDownLatch(1);
    start(unaryService((call, headers) -> {
      call.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(String message) {
          if (message.equals("warm-up")) {
            call.sendMessage("ok");
            call.close(Status.OK, new Metadata());
            return;
          }
          Deadline d = Context.current().deadline();
          serverLeftMs.set(d == null ? null : d.timeRemaining(TimeUnit.MILLISECONDS));
          Context.current().addListener(ctx -> serverCancelled.countDown(), Runnable::run);
          // never answers
        }
      };
    }));
    // The first call pays for connecting and class loading; the timed one must reach the handler.
    ClientCalls.blockingUnaryCall(channel, G_UNARY, io.grpc.CallOptions.DEFAULT, "warm-up");
    long t0 = System.nanoTime();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> ClientCalls.blockingUnaryCall(channel, G_UNARY,
            io.grpc.CallOptions.DEFAULT.withDeadlineAfter(300, TimeUnit.MILLISECONDS), "x"));
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(io.grpc.Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
    assertTrue(tookMs < 3000, "took " + tookMs + " ms");
    assertTrue(serverCancelled.await(5, TimeUnit.SECONDS), "the handler's context is cancelled");
    assertNotNull(serverLeftMs.get(), "grpc-timeout became the server context's deadline");
    assertTrue(serverLeftMs.get() > 0 && serverLeftMs.get() <= 300, serverLeftMs.get() + " ms left of 300");
  }

  @Test
  void serverSeesThePropagatedDeadlineWhileTheCallRuns() throws Exception {
    AtomicReference<Long> leftMs = new AtomicReference<>();
    start(unaryService(ProximaHandlers.unary(s -> {
      Deadline d = Context.current().deadline();
      leftMs.set(d == null ? null : d.timeRemaining(TimeUnit.MILLISECONDS));
      return s;
    })));
    ClientCalls.blockingUnaryCall(channel, G_UNARY, io.grpc.CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
        "x");
    assertNotNull(leftMs.get(), "the server context has a deadline");
    assertTrue(leftMs.get() > 3000 && leftMs.get() <= 5000, leftMs.get() + " ms left of 5000");
  }

  @Test
  void clientCancelReachesTheServerHandler() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch listenerCancelled = new CountDownLatch(1);
    CountDownLatch contextCancelled = new CountDownLatch(1);
    start(echo().addMethod(Methods.proxima(Methods.BIDI, BIDI_STREAMING), (call, headers) -> {
      Context.current().addListener(ctx -> contextCancelled.countDown(), Runnable::run);
      call.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(String message) {
          started.countDown();
        }

        @Override
        public void onCancel() {
          listenerCancelled.countDown();
        }
      };
    }).build());
    AtomicReference<ClientCallStreamObserver<String>> requests = new AtomicReference<>();
    RecordingObserver<String> done = new RecordingObserver<>();
    ClientCalls.asyncBidiStreamingCall(channel.newCall(Methods.grpc(Methods.BIDI, MethodType.BIDI_STREAMING),
        io.grpc.CallOptions.DEFAULT), new ClientResponseObserver<String, String>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<String> r) {
            requests.set(r);
          }

          @Override
          public void onNext(String value) {
            done.onNext(value);
          }

          @Override
          public void onError(Throwable t) {
            done.onError(t);
          }

          @Override
          public void onCompleted() {
            done.onCompleted();
          }
        });
    requests.get().onNext("hello");
    assertTrue(started.await(5, TimeUnit.SECONDS));
    requests.get().cancel("user gave up", null);
    assertEquals(io.grpc.Status.Code.CANCELLED, done.await().getCode());
    assertTrue(listenerCancelled.await(5, TimeUnit.SECONDS), "ServerCall.Listener.onCancel ran");
    assertTrue(contextCancelled.await(5, TimeUnit.SECONDS), "the handler's context is cancelled");
  }

  @Test
  void serverErrorMidStreamEndsTheCallWithItsStatusAfterTheMessagesSent() throws Exception {
    start(echo().addMethod(Methods.proxima(Methods.SERVER_STREAM, SERVER_STREAMING), (call, headers) -> {
      call.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onHalfClose() {
          call.sendMessage("one");
          call.sendMessage("two");
          call.close(Status.ABORTED.withDescription("gave up halfway"), new Metadata());
        }
      };
    }).build());
    RecordingObserver<String> r = new RecordingObserver<>();
    ClientCalls.asyncServerStreamingCall(channel.newCall(
        Methods.grpc(Methods.SERVER_STREAM, MethodType.SERVER_STREAMING), io.grpc.CallOptions.DEFAULT), "go", r);
    io.grpc.Status s = r.await();
    assertEquals(io.grpc.Status.Code.ABORTED, s.getCode());
    assertEquals("gave up halfway", s.getDescription());
    assertEquals(List.of("one", "two"), r.messages);
  }

  @Test
  void gzipCompressesRequestsAndResponsesOnTheWire() throws Exception {
    start(unaryService((call, headers) -> {
      call.setCompression("gzip");
      return ProximaHandlers.<String, String>unary(s -> s + s).startCall(call, headers);
    }));
    proxy = new ByteCountingProxy(server.port());
    io.grpc.ManagedChannel viaProxy = ManagedChannelBuilder.forAddress("127.0.0.1", proxy.port()).usePlaintext()
        .build();
    try {
      String big = "compress me, please ".repeat(25_000); // 500 kB, highly compressible
      String reply = ClientCalls.blockingUnaryCall(viaProxy, G_UNARY,
          io.grpc.CallOptions.DEFAULT.withCompression("gzip"), big);
      assertEquals(big + big, reply);
      assertTrue(proxy.clientToServer.get() < 100_000, "request went gzipped: " + proxy.clientToServer + " bytes");
      assertTrue(proxy.serverToClient.get() < 100_000, "response went gzipped: " + proxy.serverToClient + " bytes");
    } finally {
      viaProxy.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void fourMebibyteMessagesRoundTripWhenLimitsAllow() throws Exception {
    int limit = 8 << 20;
    start(ServerBuilder.forAddress(new java.net.InetSocketAddress("127.0.0.1", 0)).maxInboundMessageSize(limit)
        .addService(unaryService(ProximaHandlers.unary(s -> new StringBuilder(s).reverse().toString()))), limit);
    // Four times the 1 MiB stream window each way: the receiver must reopen the window while a
    // message is still arriving.
    String big = Payloads.randomAscii(4 << 20, 42);
    String reply = ClientCalls.blockingUnaryCall(channel, G_UNARY, io.grpc.CallOptions.DEFAULT, big);
    assertEquals(new StringBuilder(big).reverse().toString(), reply);
  }

  @Test
  void requestAboveTheServersMaxInboundSizeIsResourceExhausted() throws Exception {
    AtomicReference<String> handled = new AtomicReference<>();
    start(ServerBuilder.forAddress(new java.net.InetSocketAddress("127.0.0.1", 0)).maxInboundMessageSize(1024)
        .addService(unaryService(ProximaHandlers.unary(s -> {
          handled.set(s);
          return s;
        }))), 4 << 20);
    assertEquals("fits", ClientCalls.blockingUnaryCall(channel, G_UNARY, io.grpc.CallOptions.DEFAULT, "fits"));
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> ClientCalls.blockingUnaryCall(channel, G_UNARY, io.grpc.CallOptions.DEFAULT, "x".repeat(1025)));
    assertEquals(io.grpc.Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    assertEquals("fits", handled.get(), "the oversized request never reached the handler");
  }

  @Test
  void responseAboveTheClientsMaxInboundSizeIsResourceExhausted() throws Exception {
    start(ServerBuilder.forAddress(new java.net.InetSocketAddress("127.0.0.1", 0))
        .addService(unaryService(ProximaHandlers.unary(s -> "y".repeat(Integer.parseInt(s))))), 1024);
    assertEquals(1024, ClientCalls.blockingUnaryCall(channel, G_UNARY, io.grpc.CallOptions.DEFAULT, "1024").length());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> ClientCalls.blockingUnaryCall(channel, G_UNARY, io.grpc.CallOptions.DEFAULT, "1025"));
    assertEquals(io.grpc.Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
  }

  @Test
  void unknownMethodAndUnknownServiceAreUnimplemented() throws Exception {
    start(unaryService(ProximaHandlers.unary(s -> s)));
    for (String name : List.of(Methods.MISSING, Methods.NO_SERVICE)) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> ClientCalls.blockingUnaryCall(channel, Methods.grpc(name, MethodType.UNARY),
              io.grpc.CallOptions.DEFAULT, "x"));
      assertEquals(io.grpc.Status.Code.UNIMPLEMENTED, e.getStatus().getCode(), name);
    }
  }

  @Test
  void protobufMessagesRoundTripBetweenTheTwoMarshallers() throws Exception {
    StringValue empty = StringValue.getDefaultInstance();
    start(echo().addMethod(Methods.proxima(Methods.PROTO, UNARY, ProtoMarshallers.marshaller(empty),
        ProtoMarshallers.marshaller(empty)),
        ProximaHandlers.<StringValue, StringValue>unary(v -> StringValue.of("proto:" + v.getValue()))).build());
    io.grpc.MethodDescriptor<StringValue, StringValue> method = Methods.grpc(Methods.PROTO, MethodType.UNARY,
        ProtoUtils.marshaller(empty), ProtoUtils.marshaller(empty));
    StringValue reply = ClientCalls.blockingUnaryCall(channel, method, io.grpc.CallOptions.DEFAULT,
        StringValue.of("ünï"));
    assertEquals("proto:ünï", reply.getValue());
  }

  @Test
  void everyNonOkStatusCodeReachesTheClientWithItsDescription() throws Exception {
    start(unaryService((call, headers) -> {
      call.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(String message) {
          call.close(Status.fromCodeValue(Integer.parseInt(message)).withDescription("code " + message),
              new Metadata());
        }
      };
    }));
    for (int code = 1; code <= 16; code++) {
      String request = Integer.toString(code);
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> ClientCalls.blockingUnaryCall(channel, G_UNARY, io.grpc.CallOptions.DEFAULT, request));
      assertEquals(code, e.getStatus().getCode().value());
      assertEquals("code " + code, e.getStatus().getDescription());
    }
  }

  @Test
  void streamsLargerThanTheFlowControlWindowsFlowBothWays() throws Exception {
    int messages = 24; // 24 MiB each way: beyond the 16 MiB connection window and any stream window
    String mib = Payloads.randomAscii(1 << 20, 3);
    start(echo().addMethod(Methods.proxima(Methods.BIDI, BIDI_STREAMING), ProximaHandlers.shout()).build());
    RecordingObserver<String> r = new RecordingObserver<>();
    StreamObserver<String> requests = ClientCalls.asyncBidiStreamingCall(channel.newCall(
        Methods.grpc(Methods.BIDI, MethodType.BIDI_STREAMING), io.grpc.CallOptions.DEFAULT), r);
    for (int i = 0; i < messages; i++) {
      requests.onNext(mib);
    }
    requests.onCompleted();
    assertEquals(io.grpc.Status.Code.OK, r.await().getCode());
    assertEquals(messages, r.messages.size());
    String expected = mib.toUpperCase(java.util.Locale.ROOT);
    for (String m : r.messages) {
      assertEquals(expected, m);
    }
  }

  @Test
  void serverFailingABidiCallMidwayEndsItForTheClient() throws Exception {
    start(echo().addMethod(Methods.proxima(Methods.BIDI, BIDI_STREAMING), (call, headers) -> {
      call.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(String message) {
          if (message.equals("fail")) {
            call.close(Status.INTERNAL.withDescription("failed on message 3"), new Metadata());
            return;
          }
          call.sendMessage(message.toUpperCase(java.util.Locale.ROOT));
          call.request(1);
        }
      };
    }).build());
    RecordingObserver<String> r = new RecordingObserver<>();
    StreamObserver<String> requests = ClientCalls.asyncBidiStreamingCall(channel.newCall(
        Methods.grpc(Methods.BIDI, MethodType.BIDI_STREAMING), io.grpc.CallOptions.DEFAULT), r);
    requests.onNext("a");
    requests.onNext("b");
    requests.onNext("fail");
    io.grpc.Status s = r.await(); // the client never half-closed: the server's status ends the call
    assertEquals(io.grpc.Status.Code.INTERNAL, s.getCode());
    assertEquals("failed on message 3", s.getDescription());
    assertEquals(List.of("A", "B"), r.messages);
  }

  @Test
  void repeatedMetadataKeysKeepEveryValueInOrderBothWays() throws Exception {
    AtomicReference<List<String>> seen = new AtomicReference<>();
    start(unaryService((call, headers) -> {
      seen.set(headers.getAll(P_TEXT));
      call.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onHalfClose() {
          Metadata h = new Metadata();
          h.put(P_REPLY_TEXT, "first");
          h.put(P_REPLY_TEXT, "second");
          call.sendHeaders(h);
          call.sendMessage("ok");
          call.close(Status.OK, new Metadata());
        }
      };
    }));
    io.grpc.Metadata out = new io.grpc.Metadata();
    out.put(G_TEXT, "one");
    out.put(G_TEXT, "two");
    out.put(G_TEXT, "three");
    AtomicReference<io.grpc.Metadata> headers = new AtomicReference<>();
    AtomicReference<io.grpc.Metadata> trailers = new AtomicReference<>();
    io.grpc.Channel intercepted = ClientInterceptors.intercept(channel,
        MetadataUtils.newAttachHeadersInterceptor(out), MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
    assertEquals("ok", ClientCalls.blockingUnaryCall(intercepted, G_UNARY, io.grpc.CallOptions.DEFAULT, "x"));
    assertEquals(List.of("one", "two", "three"), seen.get());
    List<String> replies = new ArrayList<>();
    headers.get().getAll(G_REPLY_TEXT).forEach(replies::add);
    assertEquals(List.of("first", "second"), replies);
  }

  @Test
  void requestInAnEncodingTheServerLacksIsUnimplemented() throws Exception {
    AtomicReference<String> handled = new AtomicReference<>();
    start(unaryService(ProximaHandlers.unary(s -> {
      handled.set(s);
      return s;
    })));
    io.grpc.CompressorRegistry registry = io.grpc.CompressorRegistry.newEmptyInstance();
    registry.register(new IdentityCodec("x-unheard-of"));
    io.grpc.ManagedChannel exotic = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
        .compressorRegistry(registry).build();
    try {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> ClientCalls.blockingUnaryCall(exotic, G_UNARY,
              io.grpc.CallOptions.DEFAULT.withCompression("x-unheard-of"), "x"));
      assertEquals(io.grpc.Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
      assertNull(handled.get(), "the handler never saw the request");
    } finally {
      exotic.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void channelShutdownNowCancelsTheServersCall() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch contextCancelled = new CountDownLatch(1);
    start(echo().addMethod(Methods.proxima(Methods.BIDI, BIDI_STREAMING), (call, headers) -> {
      Context.current().addListener(ctx -> contextCancelled.countDown(), Runnable::run);
      started.countDown();
      return new ServerCall.Listener<>() {};
    }).build());
    RecordingObserver<String> r = new RecordingObserver<>();
    ClientCalls.asyncBidiStreamingCall(channel.newCall(Methods.grpc(Methods.BIDI, MethodType.BIDI_STREAMING),
        io.grpc.CallOptions.DEFAULT), r).onNext("hello");
    assertTrue(started.await(5, TimeUnit.SECONDS));
    channel.shutdownNow();
    assertEquals(io.grpc.Status.Code.UNAVAILABLE, r.await().getCode());
    assertTrue(contextCancelled.await(5, TimeUnit.SECONDS), "the handler's context is cancelled");
  }
}
