package dev.proxima;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ServerCall#isMessageCompressed()}: inside {@code onMessage} it tells whether that request
 * arrived compressed, message by message (a client may switch compression off per message).
 */
@Timeout(20)
class MessageCompressedFlagTest {
  private static final MethodDescriptor<String, String> BIDI =
      TestCalls.method("test.Flag/Bidi", MethodDescriptor.Type.BIDI_STREAMING);

  private final List<Boolean> seen = new CopyOnWriteArrayList<>();
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

  private void start() throws Exception {
    ServerCallHandler<String, String> handler = (call, headers) -> {
      call.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(String message) {
          seen.add(call.isMessageCompressed());
          call.request(1);
        }

        @Override
        public void onHalfClose() {
          call.close(Status.OK, new Metadata());
        }
      };
    };
    server = ServerBuilder.forPort(0)
        .addService(ServiceDefinition.builder("test.Flag").addMethod(BIDI, handler).build())
        .build().start();
    channel = ChannelBuilder.forAddress("127.0.0.1", server.port()).build();
  }

  @Test
  void tellsPerMessageWhetherTheRequestArrivedCompressed() throws Exception {
    start();
    ClientCall<String, String> call =
        channel.newCall(BIDI, CallOptions.DEFAULT.withCompression("gzip"));
    TestCalls.Result r = TestCalls.start(call, new Metadata());
    call.sendMessage("compressed");
    call.setMessageCompression(false);
    call.sendMessage("plain");
    call.setMessageCompression(true);
    call.sendMessage("compressed again");
    call.halfClose();
    assertEquals(Status.Code.OK, r.await().code());
    assertEquals(List.of(true, false, true), seen);
  }

  @Test
  void falseWithoutCompression() throws Exception {
    start();
    ClientCall<String, String> call = channel.newCall(BIDI, CallOptions.DEFAULT);
    TestCalls.Result r = TestCalls.start(call, new Metadata());
    call.sendMessage("plain");
    call.halfClose();
    assertEquals(Status.Code.OK, r.await().code());
    assertEquals(List.of(false), seen);
  }
}
