package dev.proxima.internal.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proxima.CallOptions;
import dev.proxima.ClientCall;
import dev.proxima.Marshaller;
import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;
import dev.proxima.Status;
import dev.proxima.internal.transport.ClientStream;
import dev.proxima.internal.transport.ClientTransport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Messages sent before the stream exists are queued and replayed once it does; a message another
 * thread sends while that replay is under way must still go after every queued one.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClientCallReplayOrderTest {
  private static final Marshaller<String> TEXT = new Marshaller<>() {
    @Override
    public ByteBuffer serialize(String value) {
      return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream in) throws IOException {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  };
  private static final MethodDescriptor<String, String> METHOD = MethodDescriptor.<String, String>builder()
      .type(MethodDescriptor.Type.CLIENT_STREAMING).fullMethodName("test.S/M").requestMarshaller(TEXT)
      .responseMarshaller(TEXT).build();

  @Test
  void aMessageSentDuringTheReplayGoesAfterTheQueuedOnes() throws Exception {
    List<String> written = new CopyOnWriteArrayList<>();
    CompletableFuture<ClientTransport> transport = new CompletableFuture<>();
    ClientCallImpl<String, String> call = new ClientCallImpl<>(METHOD, CallOptions.DEFAULT, new TransportSource() {
      @Override
      public CompletableFuture<ClientTransport> transport(boolean waitForReady) {
        return transport;
      }

      @Override
      public String authority() {
        return "test";
      }
    }, Runnable::run);
    call.start(new ClientCall.Listener<>() {}, new Metadata());
    for (String m : List.of("q0", "q1", "q2")) {
      call.sendMessage(m); // no stream yet: queued
    }
    ClientStream stream = new ClientStream() {
      @Override
      public void writeMessage(ByteBuffer message, boolean compress) {
        String m = StandardCharsets.UTF_8.decode(message).toString();
        written.add(m);
        if (m.equals("q0")) { // mid-replay: another thread sends, and is done before we go on
          CompletableFuture.runAsync(() -> call.sendMessage("late")).join();
        }
      }

      @Override
      public void halfClose() {}

      @Override
      public void request(int numMessages) {}

      @Override
      public void cancel(Status status) {}

      @Override
      public boolean isReady() {
        return true;
      }
    };
    transport.complete((method, headers, options, timeoutNanos, listener) -> stream);
    assertEquals(List.of("q0", "q1", "q2", "late"), written);
  }
}
