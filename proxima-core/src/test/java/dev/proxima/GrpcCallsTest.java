package dev.proxima;

import static dev.proxima.TestCalls.method;
import static dev.proxima.TestCalls.unary;
import static dev.proxima.TestCalls.unaryHandler;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The four kinds of call, metadata, status, errors and limits, over real sockets, our client and server. */
@Timeout(30)
class GrpcCallsTest {
  static final MethodDescriptor<String, String> ECHO = method("test.Echo/Unary", MethodDescriptor.Type.UNARY);
  static final MethodDescriptor<String, String> FAIL = method("test.Echo/Fail", MethodDescriptor.Type.UNARY);
  static final MethodDescriptor<String, String> THROW = method("test.Echo/Throw", MethodDescriptor.Type.UNARY);
  static final MethodDescriptor<String, String> SPLIT = method("test.Echo/Split", MethodDescriptor.Type.SERVER_STREAMING);
  static final MethodDescriptor<String, String> JOIN = method("test.Echo/Join", MethodDescriptor.Type.CLIENT_STREAMING);
  static final MethodDescriptor<String, String> SHOUT = method("test.Echo/Shout", MethodDescriptor.Type.BIDI_STREAMING);
  static final MethodDescriptor<String, String> MISSING = method("test.Echo/Missing", MethodDescriptor.Type.UNARY);
  static final MethodDescriptor<String, String> NO_SERVICE = method("test.Nothing/Here", MethodDescriptor.Type.UNARY);
  static final Metadata.Key<String> TEXT = Metadata.Key.of("x-text");
  static final Metadata.Key<byte[]> BYTES = Metadata.Key.binary("x-bytes-bin");

  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
    }
  }

  static ServiceDefinition echoService() {
    return ServiceDefinition.builder("test.Echo")
        .addMethod(ECHO, (call, headers) -> {
          call.request(1);
          return new ServerCall.Listener<>() {
            String request;

            @Override
            public void onMessage(String message) {
              request = message;
            }

            @Override
            public void onHalfClose() {
              Metadata h = new Metadata();
              if (headers.get(TEXT) != null) {
                h.put(TEXT, "echo-" + headers.get(TEXT));
              }
              call.sendHeaders(h);
              call.sendMessage(request);
              Metadata t = new Metadata();
              if (headers.get(BYTES) != null) {
                t.put(BYTES, headers.get(BYTES));
              }
              call.close(Status.OK, t);
            }
          };
        })
        .addMethod(FAIL, unaryHandler(req -> {
          Metadata t = new Metadata();
          t.put(TEXT, "detail");
          throw new IllegalStateException(new StatusException(
              Status.FAILED_PRECONDITION.withDescription("nope: " + req + " \u00e9\n100%"), t));
        }))
        .addMethod(THROW, unaryHandler(req -> {
          throw new IllegalArgumentException("secret internals " + req);
        }))
        .addMethod(SPLIT, (call, headers) -> {
          call.request(1);
          return new ServerCall.Listener<>() {
            @Override
            public void onMessage(String message) {
              for (String part : message.split(" ")) {
                call.sendMessage(part);
              }
              call.close(Status.OK, new Metadata());
            }
          };
        })
        .addMethod(JOIN, (call, headers) -> {
          call.request(1);
          StringBuilder sb = new StringBuilder();
          return new ServerCall.Listener<>() {
            @Override
            public void onMessage(String message) {
              sb.append(message);
              call.request(1);
            }

            @Override
            public void onHalfClose() {
              call.sendMessage(sb.toString());
              call.close(Status.OK, new Metadata());
            }
          };
        })
        .addMethod(SHOUT, (call, headers) -> {
          call.request(1);
          return new ServerCall.Listener<>() {
            @Override
            public void onMessage(String message) {
              call.sendMessage(message.toUpperCase());
              call.request(1);
            }

            @Override
            public void onHalfClose() {
              call.close(Status.OK, new Metadata());
            }
          };
        })
        .build();
  }

  private void start(ServerBuilder builder) throws Exception {
    server = builder.build().start();
    channel = ChannelBuilder.forAddress("127.0.0.1", server.port()).build();
  }

  private void start() throws Exception {
    start(ServerBuilder.forPort(0).addService(echoService()));
  }

  @Test
  void unaryCallEchoesAndCarriesMetadataBothWays() throws Exception {
    start();
    Metadata headers = new Metadata();
    headers.put(TEXT, "hi");
    headers.put(BYTES, new byte[] {0, 1, 2, (byte) 0xff});
    TestCalls.Result r = unary(channel, ECHO, CallOptions.DEFAULT, "hello", headers);
    assertEquals(Status.Code.OK, r.await().code());
    assertEquals(List.of("hello"), r.messages);
    assertEquals("echo-hi", r.headers.get(TEXT));
    assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, r.trailers.get(BYTES));
  }

  @Test
  void serverStreamingDeliversEveryMessageInOrder() throws Exception {
    start();
    TestCalls.Result r = unary(channel, SPLIT, "a b c d e");
    assertEquals(Status.Code.OK, r.await().code());
    assertEquals(List.of("a", "b", "c", "d", "e"), r.messages);
  }

  @Test
  void clientStreamingSeesEveryMessage() throws Exception {
    start();
    ClientCall<String, String> call = channel.newCall(JOIN, CallOptions.DEFAULT);
    TestCalls.Result r = TestCalls.start(call, new Metadata());
    for (int i = 0; i < 50; i++) {
      call.sendMessage(Integer.toString(i % 10));
    }
    call.halfClose();
    assertEquals(Status.Code.OK, r.await().code());
    assertEquals("01234567890123456789012345678901234567890123456789", r.messages.get(0));
  }

  @Test
  void bidiStreamingPingPong() throws Exception {
    start();
    ClientCall<String, String> call = channel.newCall(SHOUT, CallOptions.DEFAULT);
    TestCalls.Result r = TestCalls.start(call, new Metadata());
    for (String word : List.of("ping", "pong", "done")) {
      call.sendMessage(word);
      assertEquals(word.toUpperCase(), r.queue.poll(5, TimeUnit.SECONDS), "reply before the next request");
    }
    call.halfClose();
    assertEquals(Status.Code.OK, r.await().code());
  }

  @Test
  void statusCodeDescriptionAndTrailersReachTheClient() throws Exception {
    start();
    TestCalls.Result r = unary(channel, FAIL, "x");
    Status s = r.await();
    assertEquals(Status.Code.FAILED_PRECONDITION, s.code());
    assertEquals("nope: x \u00e9\n100%", s.description(), "grpc-message is percent-encoded and decoded");
    assertEquals("detail", r.trailers.get(TEXT));
  }

  @Test
  void handlerExceptionIsUnknownWithoutLeakingItsText() throws Exception {
    start();
    Status s = unary(channel, THROW, "x").await();
    assertEquals(Status.Code.UNKNOWN, s.code());
    assertTrue(!String.valueOf(s.description()).contains("secret"), s.toString());
  }

  @Test
  void handlerExceptionTextIsSentWhenTheServerAllows() throws Exception {
    start(ServerBuilder.forPort(0).addService(echoService()).exposeErrorMessages(true));
    Status s = unary(channel, THROW, "x").await();
    assertEquals(Status.Code.UNKNOWN, s.code());
    assertTrue(s.description().contains("secret internals x"), s.toString());
  }

  @Test
  void unknownMethodIsUnimplemented() throws Exception {
    start();
    Status s = unary(channel, MISSING, "x").await();
    assertEquals(Status.Code.UNIMPLEMENTED, s.code());
    assertTrue(s.description().contains("test.Echo/Missing"), s.toString());
  }

  @Test
  void unknownServiceIsUnimplemented() throws Exception {
    start();
    assertEquals(Status.Code.UNIMPLEMENTED, unary(channel, NO_SERVICE, "x").await().code());
  }

  @Test
  void requestAboveMaxInboundSizeIsResourceExhausted() throws Exception {
    start(ServerBuilder.forPort(0).addService(echoService()).maxInboundMessageSize(1000));
    Status s = unary(channel, ECHO, "x".repeat(1001)).await();
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, s.code());
    assertEquals(Status.Code.OK, unary(channel, ECHO, "x".repeat(1000)).await().code());
  }

  @Test
  void responseAboveClientMaxInboundSizeIsResourceExhausted() throws Exception {
    start();
    Status s = unary(channel, ECHO, CallOptions.DEFAULT.withMaxInboundMessageSize(10), "x".repeat(11),
        new Metadata()).await();
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, s.code());
  }

  @Test
  void gzipRequestsAndResponsesRoundTrip() throws Exception {
    ServiceDefinition compressing = ServiceDefinition.builder("test.Gzip")
        .addMethod(method("test.Gzip/Echo", MethodDescriptor.Type.UNARY), (call, headers) -> {
          call.setCompression("gzip");
          return TestCalls.unaryHandler(s -> s).startCall(call, headers);
        }).build();
    start(ServerBuilder.forPort(0).addService(compressing));
    String big = "compress me ".repeat(10_000);
    TestCalls.Result r = unary(channel, method("test.Gzip/Echo", MethodDescriptor.Type.UNARY),
        CallOptions.DEFAULT.withCompression("gzip"), big, new Metadata());
    assertEquals(Status.Code.OK, r.await().code());
    assertEquals(big, r.messages.get(0));
  }

  @Test
  void deadlineExceededEndsTheCallAndCancelsTheServerContext() throws Exception {
    CountDownLatch serverCancelled = new CountDownLatch(1);
    AtomicReference<Deadline> serverDeadline = new AtomicReference<>();
    MethodDescriptor<String, String> slow = method("test.Slow/Sleep", MethodDescriptor.Type.UNARY);
    ServiceDefinition service = ServiceDefinition.builder("test.Slow").addMethod(slow, unaryHandler(req -> {
      serverDeadline.set(Context.current().deadline());
      Context.current().addListener(ctx -> serverCancelled.countDown(), Runnable::run);
      try {
        Thread.sleep(5000); // blocking is fine: handlers run on virtual threads
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return req;
    })).build();
    start(ServerBuilder.forPort(0).addService(service));
    long t0 = System.nanoTime();
    Status s = unary(channel, slow, CallOptions.DEFAULT.withDeadlineAfter(200, TimeUnit.MILLISECONDS), "x",
        new Metadata()).await();
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(Status.Code.DEADLINE_EXCEEDED, s.code());
    assertTrue(tookMs < 2000, "took " + tookMs + " ms");
    assertTrue(serverCancelled.await(5, TimeUnit.SECONDS), "the handler's context is cancelled");
    assertNotNull(serverDeadline.get(), "grpc-timeout became the server context's deadline");
    assertTrue(serverDeadline.get().timeRemaining(TimeUnit.MILLISECONDS) < 300);
  }

  @Test
  void expiredDeadlineFailsFastWithoutTheNetwork() throws Exception {
    // No server at all: an expired deadline must not even try to connect.
    channel = ChannelBuilder.forAddress("127.0.0.1", 1).build();
    Status s = unary(channel, ECHO, CallOptions.DEFAULT.withDeadline(Deadline.after(-1, TimeUnit.SECONDS)), "x",
        new Metadata()).await();
    assertEquals(Status.Code.DEADLINE_EXCEEDED, s.code());
  }

  @Test
  void nestedCallInheritsTheRemainingDeadline() throws Exception {
    AtomicReference<Deadline> innerDeadline = new AtomicReference<>();
    MethodDescriptor<String, String> outer = method("test.Chain/Outer", MethodDescriptor.Type.UNARY);
    MethodDescriptor<String, String> inner = method("test.Chain/Inner", MethodDescriptor.Type.UNARY);
    AtomicReference<Channel> self = new AtomicReference<>();
    ServiceDefinition service = ServiceDefinition.builder("test.Chain")
        .addMethod(inner, unaryHandler(req -> {
          innerDeadline.set(Context.current().deadline());
          return req + "!";
        }))
        .addMethod(outer, unaryHandler(req -> {
          try {
            TestCalls.Result r = unary(self.get(), inner, req);
            r.await();
            return r.messages.get(0);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        })).build();
    start(ServerBuilder.forPort(0).addService(service));
    self.set(channel);
    TestCalls.Result r = unary(channel, outer, CallOptions.DEFAULT.withDeadlineAfter(3, TimeUnit.SECONDS), "go",
        new Metadata());
    assertEquals(Status.Code.OK, r.await().code());
    assertEquals("go!", r.messages.get(0));
    long left = innerDeadline.get().timeRemaining(TimeUnit.MILLISECONDS);
    assertTrue(left > 0 && left <= 3000, "inner call saw the outer deadline, " + left + " ms left");
  }

  @Test
  void clientCancelReachesTheServerHandler() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    MethodDescriptor<String, String> hang = method("test.Hang/Forever", MethodDescriptor.Type.BIDI_STREAMING);
    ServiceDefinition service = ServiceDefinition.builder("test.Hang").addMethod(hang, (call, headers) -> {
      started.countDown();
      Context.current().addListener(ctx -> cancelled.countDown(), Runnable::run);
      return new ServerCall.Listener<>() {};
    }).build();
    start(ServerBuilder.forPort(0).addService(service));
    ClientCall<String, String> call = channel.newCall(hang, CallOptions.DEFAULT);
    TestCalls.Result r = TestCalls.start(call, new Metadata());
    call.sendMessage("x");
    assertTrue(started.await(5, TimeUnit.SECONDS));
    call.cancel("user gave up", null);
    Status s = r.await();
    assertEquals(Status.Code.CANCELLED, s.code());
    assertEquals("user gave up", s.description());
    assertTrue(cancelled.await(5, TimeUnit.SECONDS), "server context cancelled by RST_STREAM");
  }

  @Test
  void handlersRunOnTheEventLoopWhenDeclaredNonBlocking() throws Exception {
    AtomicReference<String> thread = new AtomicReference<>();
    MethodDescriptor<String, String> where = method("test.Where/Am", MethodDescriptor.Type.UNARY);
    ServiceDefinition service = ServiceDefinition.builder("test.Where").addMethod(where, unaryHandler(req -> {
      thread.set(Thread.currentThread().getName());
      return req;
    })).execution(HandlerExecution.eventLoop()).build();
    start(ServerBuilder.forPort(0).addService(service));
    assertEquals(Status.Code.OK, unary(channel, where, "x").await().code());
    assertTrue(thread.get().startsWith("proxima-loop-"), thread.get());
  }

  @Test
  void handlersRunOnVirtualThreadsByDefaultAndOnAUserExecutorWhenAsked() throws Exception {
    AtomicReference<Boolean> virtual = new AtomicReference<>();
    AtomicReference<String> userThread = new AtomicReference<>();
    MethodDescriptor<String, String> v = method("test.V/Virtual", MethodDescriptor.Type.UNARY);
    MethodDescriptor<String, String> u = method("test.U/User", MethodDescriptor.Type.UNARY);
    var pool = Executors.newFixedThreadPool(1, r -> new Thread(r, "user-pool"));
    try {
      start(ServerBuilder.forPort(0)
          .addService(ServiceDefinition.builder("test.V").addMethod(v, unaryHandler(req -> {
            virtual.set(Thread.currentThread().isVirtual());
            return req;
          })).build())
          .addService(ServiceDefinition.builder("test.U").addMethod(u, unaryHandler(req -> {
            userThread.set(Thread.currentThread().getName());
            return req;
          })).execution(HandlerExecution.executor(pool)).build()));
      assertEquals(Status.Code.OK, unary(channel, v, "x").await().code());
      assertEquals(Status.Code.OK, unary(channel, u, "x").await().code());
      assertTrue(virtual.get());
      assertEquals("user-pool", userThread.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void interceptorsSeeCallsInOrderAndCanAddMetadata() throws Exception {
    StringBuffer order = new StringBuffer();
    ServerInterceptor first = new ServerInterceptor() {
      @Override
      public <Q, P> ServerCall.Listener<Q> interceptCall(ServerCall<Q, P> call, Metadata h, ServerCallHandler<Q, P> next) {
        order.append("s1 ");
        return next.startCall(call, h);
      }
    };
    ServerInterceptor second = new ServerInterceptor() {
      @Override
      public <Q, P> ServerCall.Listener<Q> interceptCall(ServerCall<Q, P> call, Metadata h, ServerCallHandler<Q, P> next) {
        order.append("s2 ").append(h.get(TEXT)).append(' ');
        return next.startCall(call, h);
      }
    };
    server = ServerBuilder.forPort(0).addService(echoService()).intercept(first).intercept(second).build().start();
    ClientInterceptor addHeader = new ClientInterceptor() {
      @Override
      public <Q, P> ClientCall<Q, P> interceptCall(MethodDescriptor<Q, P> m, CallOptions o, Channel next) {
        order.append("c1 ");
        ClientCall<Q, P> call = next.newCall(m, o);
        return new ForwardingClientCall<>(call) {
          @Override
          public void start(Listener<P> listener, Metadata headers) {
            headers.put(TEXT, "from-interceptor");
            delegate().start(listener, headers);
          }
        };
      }
    };
    channel = ChannelBuilder.forAddress("127.0.0.1", server.port()).intercept(addHeader).build();
    TestCalls.Result r = unary(channel, ECHO, "x");
    assertEquals(Status.Code.OK, r.await().code());
    assertEquals("echo-from-interceptor", r.headers.get(TEXT));
    assertEquals("c1 s1 s2 from-interceptor ", order.toString());
  }

  @Test
  void callsToAnUnreachableServerFailUnavailable() throws Exception {
    channel = ChannelBuilder.forAddress("127.0.0.1", 1).build();
    Status s = unary(channel, ECHO, "x").await();
    assertEquals(Status.Code.UNAVAILABLE, s.code());
  }

  @Test
  void waitForReadyCallWaitsForTheServerToComeUp() throws Exception {
    int port;
    try (var probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    channel = ChannelBuilder.forAddress("127.0.0.1", port).initialBackoff(Duration.ofMillis(100))
        .maxBackoff(Duration.ofMillis(200)).build();
    TestCalls.Result r = unary(channel, ECHO, CallOptions.DEFAULT.withWaitForReady(), "late", new Metadata());
    Thread.sleep(300);
    assertTrue(!r.status.isDone(), "still waiting while nothing listens");
    server = ServerBuilder.forAddress(new java.net.InetSocketAddress("127.0.0.1", port)).addService(echoService())
        .build().start();
    assertEquals(Status.Code.OK, r.await().code());
    assertEquals("late", r.messages.get(0));
  }

  @Test
  void utf8MessagesSurvive() throws Exception {
    start();
    String text = "h\u00e9llo \u4e16\u754c";
    TestCalls.Result r = unary(channel, ECHO, text);
    r.await();
    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), r.messages.get(0).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void cancellingACallCancelsTheCallsItsHandlerMade() throws Exception {
    CountDownLatch innerStarted = new CountDownLatch(1);
    CountDownLatch innerCancelled = new CountDownLatch(1);
    MethodDescriptor<String, String> outer = method("test.Nest/Outer", MethodDescriptor.Type.UNARY);
    MethodDescriptor<String, String> inner = method("test.Nest/Inner", MethodDescriptor.Type.UNARY);
    AtomicReference<Channel> self = new AtomicReference<>();
    ServiceDefinition service = ServiceDefinition.builder("test.Nest")
        .addMethod(inner, (call, headers) -> {
          innerStarted.countDown();
          Context.current().addListener(ctx -> innerCancelled.countDown(), Runnable::run);
          return new ServerCall.Listener<>() {};
        })
        .addMethod(outer, unaryHandler(req -> {
          try {
            // The nested call is made in the handler's context: it follows the outer call's fate.
            return unary(self.get(), inner, req).await().toString();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        })).build();
    start(ServerBuilder.forPort(0).addService(service));
    self.set(channel);
    ClientCall<String, String> call = channel.newCall(outer, CallOptions.DEFAULT);
    TestCalls.Result r = TestCalls.start(call, new Metadata());
    call.sendMessage("x");
    call.halfClose();
    assertTrue(innerStarted.await(5, TimeUnit.SECONDS));
    call.cancel("stop everything", null);
    assertEquals(Status.Code.CANCELLED, r.await().code());
    assertTrue(innerCancelled.await(5, TimeUnit.SECONDS), "cancellation travelled to the nested call's server");
  }
}
