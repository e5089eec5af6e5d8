package dev.proxima.stub;

import dev.proxima.ClientCall;
import dev.proxima.Metadata;
import dev.proxima.Status;
import java.util.NoSuchElementException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A {@link BlockingIterator} over a server-streaming call. It asks for one response at a time and
 * asks for the next only when {@link #next()} hands one out, so its queue holds at most one message
 * and the end of the call.
 */
final class ServerStreamIterator<Resp> implements BlockingIterator<Resp> {
  /** How the call ended, queued behind its messages. */
  private record End(Status status, Metadata trailers) {}

  private final ClientCall<?, Resp> call;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private Object head;
  private End end;

  ServerStreamIterator(ClientCall<?, Resp> call) {
    this.call = call;
  }

  ClientCall.Listener<Resp> listener() {
    return new ClientCall.Listener<>() {
      @Override
      public void onMessage(Resp message) {
        queue.add(message);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        queue.add(new End(status, trailers));
      }
    };
  }

  @Override
  public boolean hasNext() {
    if (end == null && head == null) {
      try {
        head = queue.take();
      } catch (InterruptedException e) {
        call.cancel("the reading thread was interrupted", e);
        Thread.currentThread().interrupt();
        throw new StatusRuntimeException(Status.CANCELLED.withDescription("interrupted while waiting for a response")
            .withCause(e), null);
      }
      if (head instanceof End e) {
        end = e;
        head = null;
      }
    }
    if (end != null) {
      if (end.status().isOk()) {
        return false;
      }
      throw new StatusRuntimeException(end.status(), end.trailers());
    }
    return true;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Resp next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the call ended");
    }
    Resp message = (Resp) head;
    head = null;
    call.request(1);
    return message;
  }

  @Override
  public void close() {
    if (end == null) {
      call.cancel("the response iterator was closed before the stream ended", null);
    }
  }
}
