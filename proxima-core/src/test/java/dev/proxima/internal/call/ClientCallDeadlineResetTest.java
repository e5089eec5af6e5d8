package dev.proxima.internal.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proxima.CallOptions;
import dev.proxima.ClientCall;
import dev.proxima.Deadline;
import dev.proxima.Marshaller;
import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;
import dev.proxima.Status;
import dev.proxima.internal.transport.ClientStream;
import dev.proxima.internal.transport.ClientStreamListener;
import dev.proxima.internal.transport.ClientTransport;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server whose copy of the deadline expires resets the stream with CANCEL; when that reaches the
 * client before its own deadline timer fires, the call still ends DEADLINE_EXCEEDED.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClientCallDeadlineResetTest {
  private static final Marshaller<String> NONE = new Marshaller<>() {
    @Override
    public ByteBuffer serialize(String value) {
      return ByteBuffer.allocate(0);
    }

    @Override
    public String parse(InputStream in) {
      return "";
    }
  };
  private static final MethodDescriptor<String, String> METHOD = MethodDescriptor.<String, String>builder()
      .type(MethodDescriptor.Type.UNARY).fullMethodName("test.S/M").requestMarshaller(NONE)
      .responseMarshaller(NONE).build();

  private final AtomicLong now = new AtomicLong();
  private final AtomicReference<ClientStreamListener> streamListener = new AtomicReference<>();
  private final ClientTransport transport = (method, headers, options, timeoutNanos, listener) -> {
    streamListener.set(listener);
    return new ClientStream() {
      @Override
      public void writeMessage(ByteBuffer message, boolean compress) {}

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
  };
  private final TransportSource source = new TransportSource() {
    @Override
    public CompletableFuture<ClientTransport> transport(boolean waitForReady) {
      return CompletableFuture.completedFuture(transport);
    }

    @Override
    public String authority() {
      return "test";
    }
  };

  private Status closeWith(Status fromTransport, boolean deadlinePassed) throws Exception {
    // A fake clock: the deadline is an hour away for the timer, and passes when the test says so.
    Deadline deadline = Deadline.after(1, TimeUnit.HOURS, now::get);
    ClientCallImpl<String, String> call = new ClientCallImpl<>(METHOD,
        CallOptions.DEFAULT.withDeadline(deadline), source, Runnable::run);
    CompletableFuture<Status> closed = new CompletableFuture<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    if (deadlinePassed) {
      now.addAndGet(TimeUnit.HOURS.toNanos(2));
    }
    streamListener.get().onClose(fromTransport, new Metadata());
    return closed.get(5, TimeUnit.SECONDS);
  }

  @Test
  void resetWithCancelAfterTheDeadlineIsDeadlineExceeded() throws Exception {
    assertEquals(Status.Code.DEADLINE_EXCEEDED, closeWith(Status.CANCELLED, true).code());
  }

  @Test
  void resetWithCancelBeforeTheDeadlineStaysCancelled() throws Exception {
    assertEquals(Status.Code.CANCELLED, closeWith(Status.CANCELLED, false).code());
  }

  @Test
  void otherStatusesAfterTheDeadlineAreKept() throws Exception {
    assertEquals(Status.Code.UNAVAILABLE, closeWith(Status.UNAVAILABLE, true).code());
  }
}
