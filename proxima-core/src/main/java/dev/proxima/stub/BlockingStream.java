package dev.proxima.stub;

import dev.proxima.ClientCall;
import dev.proxima.Metadata;
import dev.proxima.Status;
import dev.proxima.StatusException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A client-streaming or bidi-streaming call used by blocking, meant for virtual threads:
 * {@link #write} waits while the call can't take a message (so memory stays bounded), and
 * {@link #read} waits for the next response, asking the server for one at a time.
 *
 * <p>Threading: one writer thread and one reader thread may use it at the same time; {@link
 * #cancel} and {@link #close} may be called from any thread. Waits park on {@code java.util.concurrent}
 * locks, never on monitors, so virtual threads are never pinned.
 *
 * @param <Req> the request message type
 * @param <Resp> the response message type
 */
public final class BlockingStream<Req, Resp> implements AutoCloseable {
  /** How the call ended, queued behind its messages. */
  private record End(Status status, Metadata trailers) {}

  private static final long READY_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final ClientCall<Req, Resp> call;
  /** Serializes calls into {@link #call}, which is not thread-safe; never held while waiting. */
  private final ReentrantLock callLock = new ReentrantLock();
  private final ReentrantLock readyLock = new ReentrantLock();
  private final Condition readyOrEnded = readyLock.newCondition();
  private final LinkedBlockingQueue<Object> responses = new LinkedBlockingQueue<>();
  private volatile End end;
  private End endRead;

  BlockingStream(ClientCall<Req, Resp> call) {
    this.call = call;
  }

  ClientCall.Listener<Resp> listener() {
    return new ClientCall.Listener<>() {
      @Override
      public void onMessage(Resp message) {
        responses.add(message);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        End e = new End(status, trailers);
        responses.add(e);
        readyLock.lock();
        try {
          end = e;
          readyOrEnded.signalAll();
        } finally {
          readyLock.unlock();
        }
      }

      @Override
      public void onReady() {
        readyLock.lock();
        try {
          readyOrEnded.signalAll();
        } finally {
          readyLock.unlock();
        }
      }
    };
  }

  /**
   * Sends {@code request}, first waiting while the call is not ready to take it.
   *
   * @throws StatusException when the call already ended with a non-OK status
   * @throws IllegalStateException when the call already ended OK
   * @throws InterruptedException when interrupted while waiting; the call goes on (cancel it to end it)
   */
  public void write(Req request) throws StatusException, InterruptedException {
    readyLock.lockInterruptibly();
    try {
      while (end == null && !isReady()) {
        readyOrEnded.awaitNanos(READY_RECHECK_NANOS);
      }
    } finally {
      readyLock.unlock();
    }
    End e = end;
    if (e != null) {
      if (e.status().isOk()) {
        throw new IllegalStateException("the call already completed");
      }
      throw new StatusException(e.status(), e.trailers());
    }
    withCall(() -> call.sendMessage(request));
  }

  /** True while {@link #write} would not wait. */
  public boolean isReady() {
    return call.isReady(); // a read: not serialized, so a waiting writer never holds callLock
  }

  /**
   * The next response, waiting for it; null once the call ended OK (and every time after).
   *
   * @throws StatusException when the call ended with a non-OK status
   * @throws InterruptedException when interrupted while waiting; the call goes on
   */
  @SuppressWarnings("unchecked")
  public Resp read() throws StatusException, InterruptedException {
    if (endRead == null) {
      Object next = responses.take();
      if (!(next instanceof End e)) {
        withCall(() -> call.request(1));
        return (Resp) next;
      }
      endRead = e;
    }
    if (endRead.status().isOk()) {
      return null;
    }
    throw new StatusException(endRead.status(), endRead.trailers());
  }

  /** Sends no more requests; responses can still be read. */
  public void halfClose() {
    withCall(call::halfClose);
  }

  /** Cancels the call; waiting reads and writes end with CANCELLED. Does nothing once it ended. */
  public void cancel(String message) {
    withCall(() -> call.cancel(message, null));
  }

  /** Cancels the call unless it already ended. */
  @Override
  public void close() {
    if (end == null) {
      cancel("the blocking stream was closed before the call ended");
    }
  }

  void request(int count) {
    withCall(() -> call.request(count));
  }

  private void withCall(Runnable action) {
    callLock.lock();
    try {
      action.run();
    } finally {
      callLock.unlock();
    }
  }
}
