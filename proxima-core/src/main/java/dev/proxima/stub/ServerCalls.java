package dev.proxima.stub;

import dev.proxima.Metadata;
import dev.proxima.ServerCall;
import dev.proxima.ServerCallHandler;
import dev.proxima.Status;
import dev.proxima.StatusException;

/**
 * Server handlers of the four kinds, written as plain methods and adapted to
 * {@link ServerCallHandler}s.
 *
 * <p>Rules, as in gRPC: a unary or server-streaming method gets exactly one request — a second ends
 * the call with INTERNAL "too many requests", a half-close with none ends it with INTERNAL
 * "missing request". {@code onError(StatusException)} ends the call with that status and trailers,
 * any other throwable with UNKNOWN. A method that throws ends the call the same way (the server's
 * error policy decides what text the client sees). Inbound flow control asks for one message after
 * each delivered one unless the method calls {@link CallStreamObserver#disableAutoRequest()}.
 *
 * <p>Threading: the method runs on the service's executor (a virtual thread per call by default, so
 * it may block), one call event at a time. While it blocks, the call's other events (on-ready,
 * on-cancel) wait; poll {@link ServerCallStreamObserver#isCancelled()} meanwhile.
 */
public final class ServerCalls {
  private ServerCalls() {}

  /** A unary method that looks local: returns the reply, or throws (a StatusException to choose the status). */
  @FunctionalInterface
  public interface UnaryMethod<Req, Resp> {
    Resp invoke(Req request) throws Exception;
  }

  /** A unary method that answers through an observer: one {@code onNext} then {@code onCompleted}, or {@code onError}. */
  @FunctionalInterface
  public interface AsyncUnaryMethod<Req, Resp> {
    void invoke(Req request, StreamObserver<Resp> responses) throws Exception;
  }

  /**
   * A server-streaming method: sends responses and ends the stream, here or later (from the
   * on-ready handler, to respect flow control).
   */
  @FunctionalInterface
  public interface ServerStreamingMethod<Req, Resp> {
    void invoke(Req request, ServerCallStreamObserver<Resp> responses) throws Exception;
  }

  /** A client-streaming or bidi-streaming method: returns the observer that receives the requests. */
  @FunctionalInterface
  public interface StreamingMethod<Req, Resp> {
    StreamObserver<Req> invoke(ServerCallStreamObserver<Resp> responses) throws Exception;
  }

  /** A handler for a unary method that returns its reply. */
  public static <Req, Resp> ServerCallHandler<Req, Resp> unaryCall(UnaryMethod<Req, Resp> method) {
    return (call, headers) -> new SingleRequestListener<>(call, (request, responses) -> {
      Resp reply;
      try {
        reply = method.invoke(request);
      } catch (StatusException e) {
        responses.onError(e);
        return;
      }
      if (reply == null) {
        throw new NullPointerException("unary method " + call.methodDescriptor().fullMethodName() + " returned null");
      }
      try {
        responses.onNext(reply);
        responses.onCompleted();
      } catch (StatusRuntimeException e) {
        if (!responses.isCancelled()) {
          throw e;
        }
        // cancelled while the method ran: nobody is listening for the reply
      }
    });
  }

  /** A handler for a unary method that answers through an observer. */
  public static <Req, Resp> ServerCallHandler<Req, Resp> asyncUnaryCall(AsyncUnaryMethod<Req, Resp> method) {
    return (call, headers) -> new SingleRequestListener<>(call, method::invoke);
  }

  /** A handler for a server-streaming method. */
  public static <Req, Resp> ServerCallHandler<Req, Resp> serverStreamingCall(ServerStreamingMethod<Req, Resp> method) {
    return (call, headers) -> new SingleRequestListener<>(call, method);
  }

  /** A handler for a client-streaming method. */
  public static <Req, Resp> ServerCallHandler<Req, Resp> clientStreamingCall(StreamingMethod<Req, Resp> method) {
    return streaming(method);
  }

  /** A handler for a bidi-streaming method. */
  public static <Req, Resp> ServerCallHandler<Req, Resp> bidiStreamingCall(StreamingMethod<Req, Resp> method) {
    return streaming(method);
  }

  private static <Req, Resp> ServerCallHandler<Req, Resp> streaming(StreamingMethod<Req, Resp> method) {
    return (call, headers) -> {
      ServerResponseObserver<Req, Resp> responses = new ServerResponseObserver<>(call);
      StreamObserver<Req> requests;
      try {
        requests = method.invoke(responses);
      } catch (Exception e) {
        throw sneaky(e);
      }
      if (requests == null) {
        throw new NullPointerException("streaming method " + call.methodDescriptor().fullMethodName()
            + " returned no request observer");
      }
      responses.freeze();
      if (responses.autoRequest()) {
        call.request(1);
      }
      if (call.isReady()) {
        responses.ready();
      }
      return new StreamingRequestListener<>(call, requests, responses);
    };
  }

  /** Receives the requests of a client- or bidi-streaming call. */
  private static final class StreamingRequestListener<Req, Resp> extends ServerCall.Listener<Req> {
    private final ServerCall<Req, Resp> call;
    private final StreamObserver<Req> requests;
    private final ServerResponseObserver<Req, Resp> responses;
    private boolean halfClosed;

    StreamingRequestListener(ServerCall<Req, Resp> call, StreamObserver<Req> requests,
        ServerResponseObserver<Req, Resp> responses) {
      this.call = call;
      this.requests = requests;
      this.responses = responses;
    }

    @Override
    public void onMessage(Req message) {
      requests.onNext(message);
      if (responses.autoRequest()) {
        call.request(1);
      }
    }

    @Override
    public void onHalfClose() {
      halfClosed = true;
      requests.onCompleted();
    }

    @Override
    public void onCancel() {
      responses.cancelled();
      if (!halfClosed) {
        requests.onError(Status.CANCELLED.withDescription("the client cancelled the call").asException());
      }
    }

    @Override
    public void onReady() {
      responses.ready();
    }
  }

  /**
   * Receives the one request of a unary or server-streaming call (asking for two, to notice a
   * client that sends more) and runs the method at half-close.
   */
  private static final class SingleRequestListener<Req, Resp> extends ServerCall.Listener<Req> {
    private final ServerCall<Req, Resp> call;
    private final ServerStreamingMethod<Req, Resp> method;
    private final ServerResponseObserver<Req, Resp> responses;
    private Req request;
    private boolean haveRequest;
    private boolean rejected;

    SingleRequestListener(ServerCall<Req, Resp> call, ServerStreamingMethod<Req, Resp> method) {
      this.call = call;
      this.method = method;
      this.responses = new ServerResponseObserver<>(call);
      call.request(2);
    }

    @Override
    public void onMessage(Req message) {
      if (rejected) {
        return;
      }
      if (haveRequest) {
        rejected = true;
        call.close(Status.INTERNAL.withDescription("too many requests for "
            + call.methodDescriptor().fullMethodName() + ": expected one"), new Metadata());
        return;
      }
      request = message;
      haveRequest = true;
    }

    @Override
    public void onHalfClose() {
      if (rejected) {
        return;
      }
      if (!haveRequest) {
        rejected = true;
        call.close(Status.INTERNAL.withDescription("missing request for "
            + call.methodDescriptor().fullMethodName() + ": half-closed without one"), new Metadata());
        return;
      }
      Req r = request;
      request = null;
      try {
        method.invoke(r, responses);
      } catch (Exception e) {
        throw sneaky(e);
      }
      responses.freeze();
      if (call.isReady()) {
        responses.ready();
      }
    }

    @Override
    public void onCancel() {
      responses.cancelled();
    }

    @Override
    public void onReady() {
      responses.ready();
    }
  }

  /** Rethrows {@code t} unchanged, checked or not, for the call layer to map to a status. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }
}
