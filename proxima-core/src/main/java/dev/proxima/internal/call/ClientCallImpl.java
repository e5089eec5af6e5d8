package dev.proxima.internal.call;

import dev.proxima.CallOptions;
import dev.proxima.ClientCall;
import dev.proxima.Context;
import dev.proxima.Deadline;
import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;
import dev.proxima.Status;
import dev.proxima.internal.transport.ClientStream;
import dev.proxima.internal.transport.ClientStreamListener;
import dev.proxima.internal.transport.ClientTransport;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The client call the channel hands out: it waits for a transport (the channel may still be
 * connecting), enforces the deadline — the earlier of the call's and the calling context's —
 * follows the caller's context into cancellation, and delivers events to the user on a serializing
 * executor.
 *
 * <p>Threading: user methods from one thread at a time; transport events arrive on an event loop
 * and are handed to {@link #callExecutor}. {@link #lock} guards only the hand-over of operations
 * made before the stream exists, and is never held while calling out.
 */
final class ClientCallImpl<Req, Resp> extends ClientCall<Req, Resp> implements ClientStreamListener {
  private final MethodDescriptor<Req, Resp> method;
  private final CallOptions options;
  private final TransportSource transports;
  private final Executor callExecutor;
  private final Context context;
  private final Deadline deadline;
  private final ReentrantLock lock = new ReentrantLock();
  private final Context.CancellationListener contextListener = ctx -> cancelInternal(contextStatus(ctx));

  /** Operations made before the stream existed, replayed in order once it does. Guarded by lock. */
  private List<Consumer<ClientStream>> pendingOps = new ArrayList<>();
  private ClientStream stream;
  private Status cancelStatus;

  private Listener<Resp> listener;
  private volatile boolean closeDelivered;
  private ScheduledFuture<?> deadlineTimer;
  private boolean compressMessages = true;
  private boolean started;

  ClientCallImpl(MethodDescriptor<Req, Resp> method, CallOptions options, TransportSource transports,
      Executor executor) {
    this.method = method;
    this.options = options;
    this.transports = transports;
    this.callExecutor = new SerializingExecutor(executor);
    this.context = Context.current();
    Deadline d = options.deadline();
    Deadline inherited = context.deadline();
    this.deadline = d == null ? inherited : d.minimum(inherited);
  }

  @Override
  public void start(Listener<Resp> listener, Metadata headers) {
    if (started) {
      throw new IllegalStateException("call already started");
    }
    started = true;
    this.listener = listener;
    Status early = cancelStatusSnapshot();
    if (early == null && context.isCancelled()) {
      early = contextStatus(context);
    }
    if (early == null && deadline != null && deadline.isExpired()) {
      early = Status.DEADLINE_EXCEEDED.withDescription(
          "deadline passed before the call to " + method.fullMethodName() + " started (" + deadline + ")");
    }
    if (early != null) {
      markCancelled(early);
      closeLocally(early);
      return;
    }
    context.addListener(contextListener, Runnable::run);
    if (deadline != null) {
      long nanos = deadline.timeRemaining(TimeUnit.NANOSECONDS);
      deadlineTimer = Timers.schedule(() -> cancelInternal(Status.DEADLINE_EXCEEDED.withDescription(
          "deadline exceeded after " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms calling "
              + method.fullMethodName())), nanos);
    }
    Metadata requestHeaders = headers == null ? new Metadata() : headers;
    ClientTransport ready = transports.readyTransport();
    if (ready != null) {
      startStream(ready, requestHeaders);
      return;
    }
    CompletableFuture<ClientTransport> transport = transports.transport(options.isWaitForReady());
    transport.whenComplete((t, error) -> {
      if (error != null) {
        cancelInternal(Status.fromThrowable(error).code() == Status.Code.UNKNOWN
            ? Status.UNAVAILABLE.withDescription(String.valueOf(error.getMessage())).withCause(error)
            : Status.fromThrowable(error));
        return;
      }
      startStream(t, requestHeaders);
    });
  }

  private void startStream(ClientTransport transport, Metadata headers) {
    long timeoutNanos = -1;
    if (deadline != null) {
      timeoutNanos = deadline.timeRemaining(TimeUnit.NANOSECONDS);
      if (timeoutNanos <= 0) {
        cancelInternal(Status.DEADLINE_EXCEEDED.withDescription("deadline passed while connecting to "
            + transports.authority()));
        return;
      }
    }
    if (cancelStatusSnapshot() != null) {
      return;
    }
    ClientStream s;
    try {
      s = transport.newStream(method, headers, options, timeoutNanos, this);
    } catch (RuntimeException e) {
      cancelInternal(Status.INTERNAL.withDescription(e.getMessage()).withCause(e));
      return;
    }
    // Replay what was queued, outside the lock, in batches, until nothing new was queued meanwhile;
    // only then publish the stream. Publishing it first would let another thread's sendMessage go
    // straight to the stream ahead of messages still being replayed: reordered messages.
    while (true) {
      List<Consumer<ClientStream>> ops;
      Status cancelled;
      lock.lock();
      try {
        cancelled = cancelStatus;
        if (cancelled != null || pendingOps.isEmpty()) {
          stream = s;
          pendingOps = null;
          ops = null;
        } else {
          ops = pendingOps;
          pendingOps = new ArrayList<>();
        }
      } finally {
        lock.unlock();
      }
      if (cancelled != null) {
        s.cancel(cancelled);
        return;
      }
      if (ops == null) {
        break;
      }
      for (Consumer<ClientStream> op : ops) {
        op.accept(s);
      }
    }
    if (s.isReady()) {
      // Until now isReady() said false for want of a stream; the stream's own onReady may have
      // fired before it was ours to report. A spurious onReady is harmless, a missing one hangs.
      onReady();
    }
  }

  /** Runs {@code op} on the stream now, or queues it until the stream exists. */
  private void onStream(Consumer<ClientStream> op) {
    ClientStream s;
    lock.lock();
    try {
      if (stream == null) {
        if (pendingOps != null && cancelStatus == null) {
          pendingOps.add(op);
        }
        return;
      }
      s = stream;
    } finally {
      lock.unlock();
    }
    op.accept(s);
  }

  @Override
  public void request(int numMessages) {
    if (numMessages <= 0) {
      throw new IllegalArgumentException("request(" + numMessages + "): must be > 0");
    }
    onStream(s -> s.request(numMessages));
  }

  @Override
  public void sendMessage(Req message) {
    if (!started) {
      throw new IllegalStateException("sendMessage before start");
    }
    ByteBuffer bytes;
    try {
      bytes = method.requestMarshaller().serialize(message);
    } catch (RuntimeException e) {
      cancelInternal(Status.INTERNAL.withDescription("failed to serialize the request").withCause(e));
      return;
    }
    Integer max = options.maxOutboundMessageSize();
    if (max != null && bytes.remaining() > max) {
      cancelInternal(Status.RESOURCE_EXHAUSTED.withDescription(
          "request message of " + bytes.remaining() + " bytes exceeds the maximum " + max));
      return;
    }
    boolean compress = compressMessages;
    onStream(s -> s.writeMessage(bytes, compress));
  }

  @Override
  public void halfClose() {
    onStream(ClientStream::halfClose);
  }

  @Override
  public void cancel(String message, Throwable cause) {
    Status s = Status.CANCELLED.withDescription(message == null ? "cancelled by the caller" : message)
        .withCause(cause);
    if (!started) {
      markCancelled(s);
      return;
    }
    cancelInternal(s);
  }

  @Override
  public boolean isReady() {
    lock.lock();
    try {
      return stream != null && cancelStatus == null && stream.isReady();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void setMessageCompression(boolean enabled) {
    this.compressMessages = enabled;
  }

  private void cancelInternal(Status status) {
    if (!markCancelled(status)) {
      return;
    }
    ClientStream s;
    lock.lock();
    try {
      s = stream;
    } finally {
      lock.unlock();
    }
    if (s != null) {
      s.cancel(status); // the transport answers with onClose(status)
    } else {
      closeLocally(status);
    }
  }

  /** Records the first cancellation; false when there was one already. */
  private boolean markCancelled(Status status) {
    lock.lock();
    try {
      if (cancelStatus != null) {
        return false;
      }
      cancelStatus = status;
      return true;
    } finally {
      lock.unlock();
    }
  }

  private Status cancelStatusSnapshot() {
    lock.lock();
    try {
      return cancelStatus;
    } finally {
      lock.unlock();
    }
  }

  private void closeLocally(Status status) {
    callExecutor.execute(() -> deliverClose(status, new Metadata()));
  }

  private static Status contextStatus(Context ctx) {
    Throwable cause = ctx.cancellationCause();
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return Status.DEADLINE_EXCEEDED.withDescription("the calling context's deadline passed").withCause(cause);
    }
    return Status.CANCELLED.withDescription("the calling context was cancelled").withCause(cause);
  }

  // ---------------------------------------------------------------- transport events (event loop)

  @Override
  public void onHeaders(Metadata headers) {
    callExecutor.execute(() -> {
      if (!closeDelivered) {
        try {
          listener.onHeaders(headers);
        } catch (RuntimeException e) {
          cancelInternal(Status.CANCELLED.withDescription("onHeaders threw").withCause(e));
        }
      }
    });
  }

  @Override
  public void onMessage(InputStream message) {
    callExecutor.execute(() -> {
      if (closeDelivered) {
        return;
      }
      Resp value;
      try {
        value = method.responseMarshaller().parse(message);
      } catch (Exception e) {
        cancelInternal(Status.INTERNAL.withDescription("failed to parse a response of "
            + method.fullMethodName() + ": " + e.getMessage()).withCause(e));
        return;
      }
      try {
        listener.onMessage(value);
      } catch (RuntimeException e) {
        cancelInternal(Status.CANCELLED.withDescription("onMessage threw").withCause(e));
      }
    });
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    Status s = status;
    if (s.code() == Status.Code.CANCELLED && deadline != null && deadline.isExpired()) {
      Status mine = cancelStatusSnapshot();
      if (mine == null || mine.code() == Status.Code.DEADLINE_EXCEEDED) {
        // When the server's copy of the deadline expires it can only reset the stream (CANCEL,
        // no description), and that may arrive before our own timer has fired: report what
        // happened, not how the server said it (grpc-java's ClientCallImpl does the same).
        s = Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded calling " + method.fullMethodName()
            + " (the server reset the stream when its deadline expired)");
      }
    }
    Status closeStatus = s;
    callExecutor.execute(() -> deliverClose(closeStatus, trailers));
  }

  @Override
  public void onReady() {
    callExecutor.execute(() -> {
      if (!closeDelivered) {
        listener.onReady();
      }
    });
  }

  private void deliverClose(Status status, Metadata trailers) {
    if (closeDelivered) {
      return;
    }
    closeDelivered = true;
    if (deadlineTimer != null) {
      deadlineTimer.cancel(false);
    }
    context.removeListener(contextListener);
    if (listener != null) {
      listener.onClose(status, trailers);
    }
  }

  @Override
  public String toString() {
    return "ClientCall[" + method.fullMethodName() + "]";
  }
}
