package dev.proxima;

import static dev.proxima.TestCalls.method;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Graceful shutdown loses no call: what is in flight completes, what comes after is refused. */
@Timeout(60)
class ServerShutdownTest {
  private static final MethodDescriptor<String, String> HOLD = method("test.Hold/Call", MethodDescriptor.Type.UNARY);

  @Test
  void thousandCallsInFlightAllCompleteAndLaterCallsAreUnavailable() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    ServiceDefinition service = ServiceDefinition.builder("test.Hold").addMethod(HOLD, TestCalls.unaryHandler(req -> {
      started.incrementAndGet();
      try {
        release.await(); // a virtual thread per call: a thousand of them blocked here is fine
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      completed.incrementAndGet();
      return req;
    })).build();
    Server server = ServerBuilder.forPort(0).addService(service).build().start();
    ManagedChannel channel = ChannelBuilder.forAddress("127.0.0.1", server.port()).build();
    try {
      List<TestCalls.Result> calls = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        calls.add(TestCalls.unary(channel, HOLD, "call-" + i));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (started.get() < 1000 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(1000, started.get(), "every call reached its handler");

      server.shutdown();
      assertTrue(server.isShutdown());
      Thread.sleep(100); // let the GOAWAY reach the client
      TestCalls.Result late = TestCalls.unary(channel, HOLD, "late");
      assertEquals(Status.Code.UNAVAILABLE, late.await().code(), "a call after shutdown is refused");

      release.countDown();
      for (int i = 0; i < 1000; i++) {
        TestCalls.Result r = calls.get(i);
        assertEquals(Status.Code.OK, r.await().code(), "call " + i);
        assertEquals(List.of("call-" + i), r.messages, "call " + i + " got exactly its own reply");
      }
      assertEquals(1000, completed.get(), "no call lost or counted twice");
      assertTrue(server.awaitTermination(Duration.ofSeconds(10)), "server terminates once drained");
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  @Test
  void shutdownNowCancelsCallsInFlight() throws Exception {
    CountDownLatch inHandler = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    ServiceDefinition service = ServiceDefinition.builder("test.Hold").addMethod(HOLD, (call, headers) -> {
      inHandler.countDown();
      Context.current().addListener(ctx -> cancelled.countDown(), Runnable::run);
      return new ServerCall.Listener<>() {};
    }).build();
    Server server = ServerBuilder.forPort(0).addService(service).build().start();
    ManagedChannel channel = ChannelBuilder.forAddress("127.0.0.1", server.port()).build();
    try {
      TestCalls.Result r = TestCalls.unary(channel, HOLD, "x");
      assertTrue(inHandler.await(5, TimeUnit.SECONDS));
      server.shutdownNow();
      assertEquals(Status.Code.UNAVAILABLE, r.await().code());
      assertTrue(cancelled.await(5, TimeUnit.SECONDS), "the handler's context is cancelled");
    } finally {
      channel.shutdownNow();
    }
  }
}
