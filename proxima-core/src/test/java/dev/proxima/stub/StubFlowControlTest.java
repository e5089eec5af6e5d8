package dev.proxima.stub;

import static dev.proxima.stub.StringMarshaller.method;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.CallOptions;
import dev.proxima.ChannelBuilder;
import dev.proxima.ManagedChannel;
import dev.proxima.MethodDescriptor;
import dev.proxima.MethodDescriptor.Type;
import dev.proxima.Server;
import dev.proxima.ServerBuilder;
import dev.proxima.ServiceDefinition;
import dev.proxima.Status;
import dev.proxima.StatusException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Flow control through the stubs: senders that respect readiness keep memory bounded end to end. */
@Timeout(30)
class StubFlowControlTest {
  static final MethodDescriptor<String, String> FLOOD = method("Flood", Type.SERVER_STREAMING);
  static final MethodDescriptor<String, String> COUNT = method("Count", Type.CLIENT_STREAMING);
  static final MethodDescriptor<String, String> SINK = method("Sink", Type.BIDI_STREAMING);
  static final int MB = 1 << 20;
  static final String ONE_MB = "x".repeat(MB);
  static final int FLOOD_MESSAGES = 200;

  private final AtomicInteger produced = new AtomicInteger();
  private final CountDownLatch sinkCancelled = new CountDownLatch(1);
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

  private ServiceDefinition service() {
    return ServiceDefinition.builder("test.Stub")
        .addMethod(FLOOD, ServerCalls.serverStreamingCall((request, responses) ->
            responses.setOnReadyHandler(() -> {
              while (responses.isReady() && produced.get() < FLOOD_MESSAGES) {
                produced.incrementAndGet();
                responses.onNext(ONE_MB);
              }
              if (produced.get() == FLOOD_MESSAGES) {
                produced.incrementAndGet(); // once
                responses.onCompleted();
              }
            })))
        .addMethod(COUNT, ServerCalls.clientStreamingCall(responses -> new StreamObserver<>() {
          long bytes;

          @Override
          public void onNext(String value) {
            bytes += value.length();
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            responses.onNext(Long.toString(bytes));
            responses.onCompleted();
          }
        }))
        .addMethod(SINK, ServerCalls.bidiStreamingCall(responses -> {
          responses.disableAutoRequest(); // never reads: the client's writes must stall
          responses.setOnCancelHandler(sinkCancelled::countDown);
          return new StreamObserver<>() {
            @Override
            public void onNext(String value) {}

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
          };
        }))
        .build();
  }

  @Test
  void slowIteratorReaderHoldsBackAServerThatRespectsReadiness() throws Exception {
    int maxAhead = 0;
    int consumed = 0;
    try (BlockingIterator<String> it = ClientCalls.blockingServerStreamingCall(channel, FLOOD, CallOptions.DEFAULT,
        "go")) {
      while (it.hasNext()) {
        assertEquals(MB, it.next().length());
        consumed++;
        maxAhead = Math.max(maxAhead, Math.min(produced.get(), FLOOD_MESSAGES) - consumed);
        if (consumed % 20 == 0) {
          Thread.sleep(50); // a slow reader: the producer must wait for it
        }
      }
    }
    assertEquals(FLOOD_MESSAGES, consumed);
    assertTrue(maxAhead <= 32, "producer ran " + maxAhead + " MB ahead of the reader");
  }

  @Test
  void clientOnReadyHandlerStreamsWithoutOverrunning() throws Exception {
    int messages = 64;
    CompletableFuture<String> reply = new CompletableFuture<>();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger notReadySeen = new AtomicInteger();
    ClientCalls.asyncClientStreamingCall(channel, COUNT, CallOptions.DEFAULT, new ClientResponseObserver<String, String>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<String> requests) {
        requests.setOnReadyHandler(() -> {
          while (sent.get() < messages && requests.isReady()) {
            sent.incrementAndGet();
            requests.onNext(ONE_MB);
          }
          if (sent.get() < messages) {
            notReadySeen.incrementAndGet();
          } else if (sent.getAndIncrement() == messages) {
            requests.onCompleted();
          }
        });
      }

      @Override
      public void onNext(String value) {
        reply.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        reply.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    });
    assertEquals(Long.toString((long) messages * MB), reply.get(20, TimeUnit.SECONDS));
    assertTrue(notReadySeen.get() > 0, "the sender had to wait for readiness at least once");
  }

  @Test
  void blockingStreamWriteWaitsWhileTheCallIsNotReady() throws Exception {
    BlockingStream<String, String> stream = ClientCalls.blockingBidiStreamingCall(channel, SINK, CallOptions.DEFAULT);
    AtomicLong written = new AtomicLong();
    AtomicReference<Throwable> writerEnd = new AtomicReference<>();
    Thread writer = Thread.ofVirtual().start(() -> {
      try {
        for (int i = 0; i < 1000; i++) {
          stream.write(ONE_MB);
          written.incrementAndGet();
        }
      } catch (Throwable t) {
        writerEnd.set(t);
      }
    });
    long last = -1;
    while (written.get() != last) { // until the writer stops making progress
      last = written.get();
      Thread.sleep(300);
    }
    assertTrue(writer.isAlive(), "the writer is waiting, not done");
    assertTrue(last < 64, "writes stalled after " + last + " MB, not buffered without bound");
    assertTrue(!stream.isReady());
    stream.cancel("giving up");
    writer.join(5000);
    StatusException e = assertInstanceOf(StatusException.class, writerEnd.get());
    assertEquals(Status.Code.CANCELLED, e.status().code());
    assertTrue(sinkCancelled.await(5, TimeUnit.SECONDS), "the server saw the cancel");
  }
}
