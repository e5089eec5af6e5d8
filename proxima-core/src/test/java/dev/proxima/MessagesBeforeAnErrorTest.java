package dev.proxima;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server may send responses and then fail the call: the client delivers every response that
 * arrived before the trailers, then the error, even when it asks for one message at a time.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MessagesBeforeAnErrorTest {
  private static final MethodDescriptor<String, String> STREAM =
      TestCalls.method("test.Fail/Stream", MethodDescriptor.Type.SERVER_STREAMING);

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
  void responsesSentBeforeAnErrorStatusAreDeliveredBeforeIt() throws Exception {
    ServiceDefinition service = ServiceDefinition.builder("test.Fail").addMethod(STREAM, (call, headers) -> {
      call.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onHalfClose() {
          for (int i = 0; i < 5; i++) {
            call.sendMessage("m" + i);
          }
          call.close(Status.ABORTED.withDescription("gave up"), new Metadata());
        }
      };
    }).build();
    server = ServerBuilder.forPort(0).addService(service).build().start();
    channel = ChannelBuilder.forAddress("127.0.0.1", server.port()).build();
    for (int attempt = 0; attempt < 20; attempt++) {
      TestCalls.Result r = TestCalls.unary(channel, STREAM, "go");
      Status s = r.await();
      assertEquals(Status.Code.ABORTED, s.code());
      assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), r.messages, "attempt " + attempt);
    }
  }
}
