package dev.proxima.stub;

import static dev.proxima.stub.StringMarshaller.method;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.CallOptions;
import dev.proxima.ChannelBuilder;
import dev.proxima.ClientCall;
import dev.proxima.ManagedChannel;
import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;
import dev.proxima.MethodDescriptor.Type;
import dev.proxima.Server;
import dev.proxima.ServerCall;
import dev.proxima.ServerBuilder;
import dev.proxima.ServiceDefinition;
import dev.proxima.Status;
import dev.proxima.StatusException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every client helper against every server adapter, over real sockets, each with a failing case. */
@Timeout(20)
class StubCallsTest {
  static final MethodDescriptor<String, String> ECHO = method("Echo", Type.UNARY);
  static final MethodDescriptor<String, String> ASYNC_ECHO = method("AsyncEcho", Type.UNARY);
  static final MethodDescriptor<String, String> HANG = method("Hang", Type.UNARY);
  static final MethodDescriptor<String, String> DOUBLE = method("Double", Type.UNARY);
  static final MethodDescriptor<String, String> SPLIT = method("Split", Type.SERVER_STREAMING);
  static final MethodDescriptor<String, String> ENDLESS = method("Endless", Type.SERVER_STREAMING);
  static final MethodDescriptor<String, String> SILENT = method("Silent", Type.SERVER_STREAMING);
  static final MethodDescriptor<String, String> TWICE = method("Twice", Type.SERVER_STREAMING);
  static final MethodDescriptor<String, String> JOIN = method("Join", Type.CLIENT_STREAMING);
  static final MethodDescriptor<String, String> SHOUT = method("Shout", Type.BIDI_STREAMING);
  static final Metadata.Key<String> DETAIL = Metadata.Key.of("x-detail");

  private final CountDownLatch hangStarted = new CountDownLatch(1);
  private final CountDownLatch hangCancelled = new CountDownLatch(1);
  private final CountDownLatch endlessCancelled = new CountDownLatch(1);
  private final CompletableFuture<Throwable> twiceError = new CompletableFuture<>();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    server = ServerBuilder.forPort(0).addService(service()).build().start();
    channel = ChannelBuilder.forAddress("127.0.0.1", server.port()).build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  static StatusException failure(Status status, String detail) {
    Metadata trailers = new Metadata();
    trailers.put(DETAIL, detail);
    return status.asException(trailers);
  }

  private ServiceDefinition service() {
    return ServiceDefinition.builder("test.Stub")
        .addMethod(ECHO, ServerCalls.unaryCall(request -> {
          switch (request) {
            case "fail" -> throw failure(Status.INVALID_ARGUMENT.withDescription("bad"), "echo-detail");
            case "boom" -> throw new java.io.IOException("disk on fire");
            default -> {
              return "echo:" + request;
            }
          }
        }))
        .addMethod(ASYNC_ECHO, ServerCalls.asyncUnaryCall((request, responses) -> {
          switch (request) {
            case "fail" -> responses.onError(failure(Status.NOT_FOUND.withDescription("nothing"), "async-detail"));
            case "boom" -> responses.onError(new IllegalStateException("oops"));
            default -> {
              responses.onNext("async:" + request);
              responses.onCompleted();
            }
          }
        }))
        .addMethod(HANG, ServerCalls.asyncUnaryCall((request, responses) -> {
          ((ServerCallStreamObserver<String>) responses).setOnCancelHandler(hangCancelled::countDown);
          hangStarted.countDown();
        }))
        .addMethod(DOUBLE, (call, headers) -> { // a broken server: two replies to a unary call
          call.request(1);
          return new ServerCall.Listener<>() {
            @Override
            public void onHalfClose() {
              call.sendHeaders(new Metadata());
              call.sendMessage("one");
              call.sendMessage("two");
              call.close(Status.OK, new Metadata());
            }
          };
        })
        .addMethod(SPLIT, ServerCalls.serverStreamingCall((request, responses) -> {
          for (int i = 0; i < request.length(); i++) {
            if (request.charAt(i) == '!') {
              responses.onError(failure(Status.ABORTED.withDescription("bang"), "split-detail"));
              return;
            }
            responses.onNext(String.valueOf(request.charAt(i)));
          }
          responses.onCompleted();
        }))
        .addMethod(ENDLESS, ServerCalls.serverStreamingCall((request, responses) -> {
          int[] n = {0};
          responses.setOnCancelHandler(endlessCancelled::countDown);
          responses.setOnReadyHandler(() -> {
            while (responses.isReady() && !responses.isCancelled()) {
              responses.onNext("m" + n[0]++);
            }
          });
        }))
        .addMethod(SILENT, ServerCalls.serverStreamingCall((request, responses) -> {
          responses.setOnCancelHandler(hangCancelled::countDown);
          hangStarted.countDown();
        }))
        .addMethod(TWICE, ServerCalls.serverStreamingCall((request, responses) -> {
          responses.onNext("once");
          responses.onCompleted();
          try {
            responses.onNext("twice");
            twiceError.complete(null);
          } catch (Throwable t) {
            twiceError.complete(t);
          }
        }))
        .addMethod(JOIN, ServerCalls.clientStreamingCall(responses -> new StreamObserver<>() {
          final StringBuilder joined = new StringBuilder();

          @Override
          public void onNext(String value) {
            if (value.equals("fail")) {
              responses.onError(failure(Status.FAILED_PRECONDITION.withDescription("no fail"), "join-detail"));
            } else if (!responses.isCancelled()) {
              joined.append(value);
            }
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            responses.onNext(joined.toString());
            responses.onCompleted();
          }
        }))
        .addMethod(SHOUT, ServerCalls.bidiStreamingCall(responses -> new StreamObserver<>() {
          @Override
          public void onNext(String value) {
            if (value.equals("fail")) {
              responses.onError(new IllegalArgumentException("secret"));
            } else {
              responses.onNext(value.toUpperCase());
            }
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            responses.onCompleted();
          }
        }))
        .build();
  }

  static void assertStatus(Status.Code code, String detail, StatusException e) {
    assertEquals(code, e.status().code(), e.toString());
    if (detail != null) {
      assertEquals(detail, e.trailers().get(DETAIL));
    }
  }

  /** Collects what a response observer gets. */
  static final class Recorder<T> implements StreamObserver<T> {
    final List<T> values = new ArrayList<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();

    @Override
    public void onNext(T value) {
      values.add(value);
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
      done.complete(null);
    }

    List<T> await() throws Exception {
      done.get(10, TimeUnit.SECONDS);
      return values;
    }

    StatusException awaitFailure() {
      ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(10, TimeUnit.SECONDS));
      return assertInstanceOf(StatusException.class, e.getCause());
    }
  }

  // ---------------------------------------------------------------- blocking unary

  @Test
  void blockingUnary() throws Exception {
    assertEquals("echo:hi", ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, "hi"));
  }

  @Test
  void blockingUnaryThrownStatusReachesClientWithTrailers() {
    StatusException e = assertThrows(StatusException.class,
        () -> ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, "fail"));
    assertStatus(Status.Code.INVALID_ARGUMENT, "echo-detail", e);
    assertEquals("bad", e.status().description());
  }

  @Test
  void blockingUnaryOtherExceptionIsUnknownWithoutItsText() {
    StatusException e = assertThrows(StatusException.class,
        () -> ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, "boom"));
    assertStatus(Status.Code.UNKNOWN, null, e);
    assertFalse(String.valueOf(e.status().description()).contains("disk on fire"));
  }

  @Test
  void blockingUnaryInterruptedCancelsTheCall() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    Thread caller = Thread.ofVirtual().start(() -> {
      try {
        ClientCalls.blockingUnaryCall(channel, HANG, CallOptions.DEFAULT, "x");
      } catch (Throwable t) {
        thrown.set(t);
      }
      flag.set(Thread.currentThread().isInterrupted());
    });
    assertTrue(hangStarted.await(5, TimeUnit.SECONDS));
    caller.interrupt();
    caller.join(5000);
    StatusException e = assertInstanceOf(StatusException.class, thrown.get());
    assertEquals(Status.Code.CANCELLED, e.status().code());
    assertTrue(flag.get(), "interrupt flag restored");
    assertTrue(hangCancelled.await(5, TimeUnit.SECONDS), "the server saw the cancel");
  }

  @Test
  void blockingUnaryDeadline() {
    StatusException e = assertThrows(StatusException.class, () -> ClientCalls.blockingUnaryCall(channel, HANG,
        CallOptions.DEFAULT.withDeadlineAfter(100, TimeUnit.MILLISECONDS), "x"));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.status().code());
  }

  // ---------------------------------------------------------------- future unary

  @Test
  void futureUnary() throws Exception {
    assertEquals("echo:f", ClientCalls.futureUnaryCall(channel, ECHO, CallOptions.DEFAULT, "f")
        .thenApply(s -> s).get(10, TimeUnit.SECONDS));
  }

  @Test
  void futureUnaryFailsWithStatusException() {
    CompletableFuture<String> f = ClientCalls.futureUnaryCall(channel, ECHO, CallOptions.DEFAULT, "fail");
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
    assertStatus(Status.Code.INVALID_ARGUMENT, "echo-detail", assertInstanceOf(StatusException.class, e.getCause()));
  }

  @Test
  void futureCancelReachesTheServer() throws Exception {
    CompletableFuture<String> f = ClientCalls.futureUnaryCall(channel, HANG, CallOptions.DEFAULT, "x");
    assertTrue(hangStarted.await(5, TimeUnit.SECONDS));
    assertTrue(f.cancel(true));
    assertTrue(hangCancelled.await(5, TimeUnit.SECONDS), "the server's on-cancel handler ran");
  }

  @Test
  void futureUnaryWithTwoResponsesIsInternal() {
    CompletableFuture<String> f = ClientCalls.futureUnaryCall(channel, DOUBLE, CallOptions.DEFAULT, "x");
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
    assertStatus(Status.Code.INTERNAL, null, assertInstanceOf(StatusException.class, e.getCause()));
  }

  // ---------------------------------------------------------------- async unary

  @Test
  void asyncUnaryWithTwoResponsesIsInternal() {
    Recorder<String> r = new Recorder<>();
    ClientCalls.asyncUnaryCall(channel, DOUBLE, CallOptions.DEFAULT, "x", r);
    assertStatus(Status.Code.INTERNAL, null, r.awaitFailure());
  }

  @Test
  void asyncUnary() throws Exception {
    Recorder<String> r = new Recorder<>();
    ClientCalls.asyncUnaryCall(channel, ASYNC_ECHO, CallOptions.DEFAULT, "a", r);
    assertEquals(List.of("async:a"), r.await());
  }

  @Test
  void asyncUnaryOnErrorStatusReachesClientWithTrailers() {
    Recorder<String> r = new Recorder<>();
    ClientCalls.asyncUnaryCall(channel, ASYNC_ECHO, CallOptions.DEFAULT, "fail", r);
    assertStatus(Status.Code.NOT_FOUND, "async-detail", r.awaitFailure());
  }

  @Test
  void asyncUnaryOnErrorOtherIsUnknown() {
    Recorder<String> r = new Recorder<>();
    ClientCalls.asyncUnaryCall(channel, ASYNC_ECHO, CallOptions.DEFAULT, "boom", r);
    assertStatus(Status.Code.UNKNOWN, null, r.awaitFailure());
  }

  // ---------------------------------------------------------------- single-request rules

  /** A raw call on a unary method: sends {@code requests}, half-closes, returns the status. */
  private Status rawUnary(String... requests) throws Exception {
    ClientCall<String, String> call = channel.newCall(ECHO, CallOptions.DEFAULT);
    CompletableFuture<Status> status = new CompletableFuture<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status s, Metadata trailers) {
        status.complete(s);
      }
    }, new Metadata());
    call.request(2);
    for (String r : requests) {
      call.sendMessage(r);
    }
    call.halfClose();
    return status.get(10, TimeUnit.SECONDS);
  }

  @Test
  void unaryWithTwoRequestsIsInternal() throws Exception {
    Status s = rawUnary("one", "two");
    assertEquals(Status.Code.INTERNAL, s.code());
    assertTrue(s.description().contains("too many requests"), s.toString());
  }

  @Test
  void unaryWithNoRequestIsInternal() throws Exception {
    Status s = rawUnary();
    assertEquals(Status.Code.INTERNAL, s.code());
    assertTrue(s.description().contains("missing request"), s.toString());
  }

  // ---------------------------------------------------------------- server streaming

  @Test
  void asyncServerStreaming() throws Exception {
    Recorder<String> r = new Recorder<>();
    ClientCalls.asyncServerStreamingCall(channel, SPLIT, CallOptions.DEFAULT, "abc", r);
    assertEquals(List.of("a", "b", "c"), r.await());
  }

  @Test
  void asyncServerStreamingErrorAfterMessages() throws Exception {
    Recorder<String> r = new Recorder<>();
    ClientCalls.asyncServerStreamingCall(channel, SPLIT, CallOptions.DEFAULT, "ab!c", r);
    assertStatus(Status.Code.ABORTED, "split-detail", r.awaitFailure());
    // Messages sent before the status arrive before it, whatever the status.
    assertEquals(List.of("a", "b"), r.values);
  }

  @Test
  void blockingServerStreaming() {
    List<String> got = new ArrayList<>();
    try (BlockingIterator<String> it = ClientCalls.blockingServerStreamingCall(channel, SPLIT, CallOptions.DEFAULT,
        "xyz")) {
      it.forEachRemaining(got::add);
      assertFalse(it.hasNext());
    }
    assertEquals(List.of("x", "y", "z"), got);
  }

  @Test
  void blockingServerStreamingFailureThrowsStatusRuntimeException() {
    BlockingIterator<String> it = ClientCalls.blockingServerStreamingCall(channel, SPLIT, CallOptions.DEFAULT, "q!");
    assertEquals("q", it.next());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, it::hasNext);
    assertEquals(Status.Code.ABORTED, e.status().code());
    assertEquals("split-detail", e.trailers().get(DETAIL));
  }

  @Test
  void blockingIteratorClosedEarlyCancelsTheServersStream() throws Exception {
    try (BlockingIterator<String> it = ClientCalls.blockingServerStreamingCall(channel, ENDLESS, CallOptions.DEFAULT,
        "go")) {
      assertEquals("m0", it.next());
      assertEquals("m1", it.next());
    }
    assertTrue(endlessCancelled.await(5, TimeUnit.SECONDS), "the server's on-cancel handler ran");
  }

  @Test
  void blockingIteratorInterruptedCancelsTheCall() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      BlockingIterator<String> it = ClientCalls.blockingServerStreamingCall(channel, SILENT, CallOptions.DEFAULT, "x");
      try {
        it.hasNext();
      } catch (Throwable t) {
        thrown.set(t);
      }
      flag.set(Thread.currentThread().isInterrupted());
    });
    assertTrue(hangStarted.await(5, TimeUnit.SECONDS));
    reader.interrupt();
    reader.join(5000);
    StatusRuntimeException e = assertInstanceOf(StatusRuntimeException.class, thrown.get());
    assertEquals(Status.Code.CANCELLED, e.status().code());
    assertTrue(flag.get(), "interrupt flag restored");
    assertTrue(hangCancelled.await(5, TimeUnit.SECONDS), "the server saw the cancel");
  }

  @Test
  void onNextAfterOnCompletedThrows() throws Exception {
    BlockingIterator<String> it = ClientCalls.blockingServerStreamingCall(channel, TWICE, CallOptions.DEFAULT, "x");
    assertEquals("once", it.next());
    assertFalse(it.hasNext());
    assertInstanceOf(IllegalStateException.class, twiceError.get(5, TimeUnit.SECONDS));
  }

  // ---------------------------------------------------------------- client streaming

  @Test
  void asyncClientStreaming() throws Exception {
    Recorder<String> r = new Recorder<>();
    StreamObserver<String> requests = ClientCalls.asyncClientStreamingCall(channel, JOIN, CallOptions.DEFAULT, r);
    assertInstanceOf(ClientCallStreamObserver.class, requests);
    requests.onNext("a");
    requests.onNext("b");
    requests.onCompleted();
    assertEquals(List.of("ab"), r.await());
    assertThrows(IllegalStateException.class, () -> requests.onNext("late"));
  }

  @Test
  void asyncClientStreamingServerError() {
    Recorder<String> r = new Recorder<>();
    StreamObserver<String> requests = ClientCalls.asyncClientStreamingCall(channel, JOIN, CallOptions.DEFAULT, r);
    requests.onNext("fail");
    assertStatus(Status.Code.FAILED_PRECONDITION, "join-detail", r.awaitFailure());
  }

  @Test
  void asyncClientStreamingOnErrorCancels() {
    Recorder<String> r = new Recorder<>();
    StreamObserver<String> requests = ClientCalls.asyncClientStreamingCall(channel, JOIN, CallOptions.DEFAULT, r);
    requests.onNext("a");
    requests.onError(new RuntimeException("changed my mind"));
    assertEquals(Status.Code.CANCELLED, r.awaitFailure().status().code());
  }

  @Test
  void blockingClientStreaming() throws Exception {
    try (BlockingStream<String, String> s = ClientCalls.blockingClientStreamingCall(channel, JOIN, CallOptions.DEFAULT)) {
      s.write("x");
      s.write("y");
      s.halfClose();
      assertEquals("xy", s.read());
      assertNull(s.read());
      assertNull(s.read());
    }
  }

  @Test
  void blockingClientStreamingFailure() throws Exception {
    BlockingStream<String, String> s = ClientCalls.blockingClientStreamingCall(channel, JOIN, CallOptions.DEFAULT);
    s.write("fail");
    StatusException e = assertThrows(StatusException.class, s::read);
    assertStatus(Status.Code.FAILED_PRECONDITION, "join-detail", e);
    StatusException again = assertThrows(StatusException.class, () -> s.write("more"));
    assertEquals(Status.Code.FAILED_PRECONDITION, again.status().code());
  }

  // ---------------------------------------------------------------- bidi streaming

  @Test
  void asyncBidiStreaming() throws Exception {
    Recorder<String> r = new Recorder<>();
    StreamObserver<String> requests = ClientCalls.asyncBidiStreamingCall(channel, SHOUT, CallOptions.DEFAULT, r);
    requests.onNext("hi");
    requests.onNext("there");
    requests.onCompleted();
    assertEquals(List.of("HI", "THERE"), r.await());
  }

  @Test
  void asyncBidiStreamingServerErrorIsUnknown() {
    Recorder<String> r = new Recorder<>();
    StreamObserver<String> requests = ClientCalls.asyncBidiStreamingCall(channel, SHOUT, CallOptions.DEFAULT, r);
    requests.onNext("fail");
    StatusException e = r.awaitFailure();
    assertEquals(Status.Code.UNKNOWN, e.status().code());
    assertFalse(String.valueOf(e.status().description()).contains("secret"));
  }

  @Test
  void blockingBidiStreaming() throws Exception {
    try (BlockingStream<String, String> s = ClientCalls.blockingBidiStreamingCall(channel, SHOUT, CallOptions.DEFAULT)) {
      s.write("a");
      assertEquals("A", s.read());
      s.write("b");
      assertEquals("B", s.read());
      s.halfClose();
      assertNull(s.read());
    }
  }

  @Test
  void blockingBidiCancelEndsReadsWithCancelled() throws Exception {
    BlockingStream<String, String> s = ClientCalls.blockingBidiStreamingCall(channel, SHOUT, CallOptions.DEFAULT);
    s.write("a");
    assertEquals("A", s.read());
    s.cancel("enough");
    StatusException e = assertThrows(StatusException.class, s::read);
    assertEquals(Status.Code.CANCELLED, e.status().code());
  }

  @Test
  void clientResponseObserverSeesRequestsBeforeStart() throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    List<String> got = new ArrayList<>();
    AtomicReference<ClientCallStreamObserver<String>> requestSide = new AtomicReference<>();
    ClientCalls.asyncBidiStreamingCall(channel, SHOUT, CallOptions.DEFAULT, new ClientResponseObserver<String, String>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<String> requests) {
        requestSide.set(requests);
        requests.disableAutoRequest();
      }

      @Override
      public void onNext(String value) {
        got.add(value);
        requestSide.get().request(1);
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(null);
      }
    });
    ClientCallStreamObserver<String> requests = requestSide.get();
    assertThrows(IllegalStateException.class, () -> requests.setOnReadyHandler(() -> {}), "frozen after start");
    requests.onNext("m");
    requests.onNext("n");
    requests.onCompleted();
    Thread.sleep(200);
    assertEquals(List.of(), got, "manual flow control: nothing requested yet");
    requests.request(1);
    done.get(10, TimeUnit.SECONDS);
    assertEquals(List.of("M", "N"), got);
  }
}
