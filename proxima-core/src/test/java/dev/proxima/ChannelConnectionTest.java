package dev.proxima;

import static dev.proxima.TestCalls.method;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.internal.call.ChannelImpl;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The channel's connection: keepalive, reconnection after GOAWAY, backing off when the server asks. */
@Timeout(30)
class ChannelConnectionTest {
  private static final MethodDescriptor<String, String> HOLD = method("test.Hold/Forever", MethodDescriptor.Type.BIDI_STREAMING);

  private static ServiceDefinition holdService() {
    return ServiceDefinition.builder("test.Hold").addMethod(HOLD, (call, headers) -> {
      call.sendHeaders(new Metadata());
      return new ServerCall.Listener<>() {};
    }).addMethod(GrpcCallsTest.ECHO.toBuilder().fullMethodName("test.Hold/Echo").build(),
        TestCalls.unaryHandler(s -> s)).build();
  }

  @Test
  void tooManyPingsMakesTheChannelDoubleItsKeepAliveTime() throws Exception {
    Server server = ServerBuilder.forPort(0).addService(holdService()).permitKeepAliveTime(Duration.ofMinutes(1))
        .build().start();
    ManagedChannel channel = ChannelBuilder.forAddress("127.0.0.1", server.port())
        .keepAliveTime(Duration.ofMillis(50)).build();
    try {
      ClientCall<String, String> call = channel.newCall(HOLD, CallOptions.DEFAULT);
      TestCalls.Result r = TestCalls.start(call, new Metadata());
      call.sendMessage("x");
      // Quiet for 50 ms at a time: the channel pings, the server counts strikes and says GOAWAY.
      assertEquals(Status.Code.UNAVAILABLE, r.await().code());
      ChannelImpl impl = (ChannelImpl) channel;
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (!impl.http2Config().keepAliveTime().equals(Duration.ofMillis(100)) && System.nanoTime() < until) {
        Thread.sleep(10); // the connection's close is reported just after the call's
      }
      assertEquals(Duration.ofMillis(100), impl.http2Config().keepAliveTime());
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  @Test
  void keepAliveDetectsAPeerThatStoppedAnswering() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Thread peer = Thread.ofVirtual().start(() -> {
        try (Socket s = silent.accept()) {
          // Speak just enough HTTP/2 to look alive: our SETTINGS and an ACK of theirs, then nothing.
          s.getOutputStream().write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0});
          InputStream in = s.getInputStream();
          byte[] buf = new byte[4096];
          while (in.read(buf) >= 0) {
            // read and ignore everything, PINGs included
          }
        } catch (java.io.IOException ignored) {
          // the client hung up: expected
        }
      });
      ManagedChannel channel = ChannelBuilder.forAddress("127.0.0.1", silent.getLocalPort())
          .keepAliveTime(Duration.ofMillis(100)).keepAliveTimeout(Duration.ofMillis(200)).build();
      try {
        long t0 = System.nanoTime();
        Status s = TestCalls.unary(channel, GrpcCallsTest.ECHO, "x").await();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(Status.Code.UNAVAILABLE, s.code(), s.toString());
        assertTrue(ms < 5000, "found dead in " + ms + " ms, not after the SETTINGS timeout");
      } finally {
        channel.shutdownNow();
        peer.join(5000);
      }
    }
  }

  @Test
  void aNewConnectionIsMadeAfterTheServerClosedAnIdleOne() throws Exception {
    Server server = ServerBuilder.forPort(0).addService(holdService()).maxConnectionIdle(Duration.ofMillis(100))
        .build().start();
    ManagedChannel channel = ChannelBuilder.forAddress("127.0.0.1", server.port()).build();
    MethodDescriptor<String, String> echo = GrpcCallsTest.ECHO.toBuilder().fullMethodName("test.Hold/Echo").build();
    try {
      assertEquals(Status.Code.OK, TestCalls.unary(channel, echo, "first").await().code());
      Thread.sleep(400); // the server sends GOAWAY and closes the idle connection
      TestCalls.Result second = TestCalls.unary(channel, echo, "second");
      assertEquals(Status.Code.OK, second.await().code());
      assertEquals("second", second.messages.get(0));
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }
}
