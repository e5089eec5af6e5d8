package dev.proxima;

import static dev.proxima.TestCalls.unary;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Messages larger than the HTTP/2 stream window (1 MiB at first): the receiver must give the
 * window back while a message is incomplete, or the sender stalls forever.
 */
@Timeout(30)
class LargeMessageTest {
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void tearDown() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
    }
  }

  @Test
  void messagesFarLargerThanTheWindowCrossBothWays() throws Exception {
    server = ServerBuilder.forPort(0).addService(GrpcCallsTest.echoService()).maxInboundMessageSize(32 << 20)
        .build().start();
    channel = ChannelBuilder.forAddress("127.0.0.1", server.port()).maxInboundMessageSize(32 << 20).build();
    for (int size : new int[] {1 << 20, 4 << 20, 8 << 20, 20 << 20}) {
      String m = "x".repeat(size - 1) + "y";
      TestCalls.Result r = unary(channel, GrpcCallsTest.ECHO, m);
      Status status = r.await();
      assertEquals(Status.Code.OK, status.code(), () -> size + " bytes: " + status);
      assertEquals(m, r.messages.get(0));
    }
  }
}
