package dev.proxima.internal.call;

import dev.proxima.Context;
import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;
import dev.proxima.ServerCall;
import dev.proxima.ServerCallHandler;
import dev.proxima.Status;
import dev.proxima.StatusException;
import dev.proxima.internal.grpc.ByteBufferInputStream;
import dev.proxima.internal.transport.ServerStream;
import dev.proxima.internal.transport.ServerStreamListener;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server call a handler sees: parses requests on the handler's executor, runs every listener
 * method inside the call's {@link Context} (deadline, cancellation), and turns a handler that
 * throws into a status without leaking the exception's text unless the server allows it.
 *
 * <p>Threading: transport events arrive on an event loop and are handed to {@link #executor}, a
 * serializing executor: listener methods never overlap. User methods from one thread at a time.
 */
final class ServerCallImpl<Req, Resp> extends ServerCall<Req, Resp> implements ServerStreamListener {
  private static final Logger log = Logger.getLogger(ServerCallImpl.class.getName());

  private final ServerStream stream;
  private final MethodDescriptor<Req, Resp> method;
  private final Executor executor;
  private final Context.CancellableContext context;
  private final boolean exposeErrors;
  private Listener<Req> listener;
  private volatile boolean cancelled;
  private volatile boolean closeCalled;
  private boolean compressMessages = true;
  /** Whether the request being delivered to onMessage arrived compressed (listener thread only). */
  private boolean messageCompressed;

  ServerCallImpl(ServerStream stream, MethodDescriptor<Req, Resp> method, Executor executor,
      Context.CancellableContext context, boolean exposeErrors) {
    this.stream = stream;
    this.method = method;
    this.executor = executor;
    this.context = context;
    this.exposeErrors = exposeErrors;
    context.addListener(ctx -> onContextCancelled(), Runnable::run);
  }

  /** Starts the handler on the call's executor. */
  void start(ServerCallHandler<Req, Resp> handler, Metadata headers) {
    executor.execute(() -> context.run(() -> {
      try {
        listener = handler.startCall(this, headers);
        if (listener == null) {
          throw new NullPointerException("startCall returned no listener");
        }
      } catch (Throwable t) {
        handlerFailed(t);
      }
    }));
  }

  private void onContextCancelled() {
    // The deadline passed (or the server is going down): end the call if nothing else did.
    if (closeCalled || cancelled) {
      return;
    }
    cancelled = true;
    Throwable cause = context.cancellationCause();
    Status status = cause instanceof java.util.concurrent.TimeoutException
        ? Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded on the server")
        : Status.CANCELLED.withDescription("call cancelled on the server");
    stream.close(status, new Metadata());
    executor.execute(() -> {
      if (listener != null) {
        runListener(l -> l.onCancel());
      }
    });
  }

  // ---------------------------------------------------------------- user side

  @Override
  public void request(int numMessages) {
    stream.request(numMessages);
  }

  @Override
  public void sendHeaders(Metadata headers) {
    if (closeCalled) {
      throw new IllegalStateException("call already closed");
    }
    stream.writeHeaders(headers);
  }

  @Override
  public void sendMessage(Resp message) {
    if (closeCalled) {
      throw new IllegalStateException("call already closed");
    }
    if (cancelled) {
      return;
    }
    ByteBuffer bytes = method.responseMarshaller().serialize(message);
    stream.writeMessage(bytes, compressMessages);
  }

  @Override
  public void close(Status status, Metadata trailers) {
    if (closeCalled) {
      throw new IllegalStateException("call already closed");
    }
    closeCalled = true;
    if (cancelled) {
      return;
    }
    stream.close(status, trailers == null ? new Metadata() : trailers);
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public boolean isReady() {
    return !cancelled && stream.isReady();
  }

  @Override
  public void setCompression(String encoding) {
    stream.setCompression(encoding);
  }

  @Override
  public void setMessageCompression(boolean enabled) {
    compressMessages = enabled;
  }

  @Override
  public boolean isMessageCompressed() {
    return messageCompressed;
  }

  @Override
  public MethodDescriptor<Req, Resp> methodDescriptor() {
    return method;
  }

  @Override
  public String authority() {
    return stream.authority();
  }

  // ---------------------------------------------------------------- transport events (event loop)

  @Override
  public void onMessage(InputStream message) {
    executor.execute(() -> {
      if (listener == null || cancelled || closeCalled) {
        return;
      }
      Req value;
      try {
        value = method.requestMarshaller().parse(message);
      } catch (Exception e) {
        closeQuietly(Status.INTERNAL.withDescription("failed to parse a request of "
            + method.fullMethodName() + ": " + e.getMessage()));
        return;
      }
      messageCompressed =
          message instanceof ByteBufferInputStream b && b.decompressed();
      runListener(l -> l.onMessage(value));
    });
  }

  @Override
  public void onHalfClose() {
    executor.execute(() -> {
      if (listener != null && !cancelled) {
        runListener(Listener::onHalfClose);
      }
    });
  }

  @Override
  public void onCancel(Status status) {
    cancelled = true;
    context.cancel(status.asException());
    executor.execute(() -> {
      if (listener != null) {
        runListener(Listener::onCancel);
      }
    });
  }

  @Override
  public void onComplete() {
    executor.execute(() -> {
      if (listener != null) {
        runListener(Listener::onComplete);
      }
      context.cancel(null);
    });
  }

  @Override
  public void onReady() {
    executor.execute(() -> {
      if (listener != null && !cancelled) {
        runListener(Listener::onReady);
      }
    });
  }

  private void runListener(java.util.function.Consumer<Listener<Req>> event) {
    context.run(() -> {
      try {
        event.accept(listener);
      } catch (Throwable t) {
        handlerFailed(t);
      }
    });
  }

  private void handlerFailed(Throwable t) {
    Status status = Status.fromThrowable(t);
    Metadata trailers = null;
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StatusException se) {
        trailers = se.trailers();
        break;
      }
    }
    if (trailers == null) {
      log.log(Level.WARNING, "handler of " + method.fullMethodName() + " threw", t);
      if (status.code() == Status.Code.UNKNOWN) {
        status = Status.UNKNOWN.withDescription(exposeErrors ? String.valueOf(t) : "application error");
      }
    }
    closeQuietly(status, trailers);
  }

  private void closeQuietly(Status status) {
    closeQuietly(status, null);
  }

  private void closeQuietly(Status status, Metadata trailers) {
    if (!closeCalled && !cancelled) {
      close(status, trailers == null ? new Metadata() : trailers);
    }
  }
}
