package dev.proxima.interop;

import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;
import dev.proxima.ServerCall;
import dev.proxima.ServerCallHandler;
import dev.proxima.ServerInterceptor;
import dev.proxima.Status;
import io.grpc.testing.integration.Messages.BoolValue;
import io.grpc.testing.integration.Messages.ResponseParameters;
import io.grpc.testing.integration.Messages.SimpleRequest;
import io.grpc.testing.integration.Messages.StreamingInputCallRequest;
import io.grpc.testing.integration.Messages.StreamingOutputCallRequest;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The interop server behaviours that need the call rather than the messages alone:
 *
 * <ul>
 *   <li>echoes {@code x-grpc-test-echo-initial} in the response headers and {@code
 *       x-grpc-test-echo-trailing-bin} in the trailers;
 *   <li>{@code expect_compressed}: a request that asks for it but arrived uncompressed ends the call
 *       with INVALID_ARGUMENT (and one that arrived compressed without asking is accepted);
 *   <li>{@code response_compressed} (SimpleRequest) and {@code response_parameters.compressed}
 *       (streaming): each response is sent with the compressed flag as asked, in request order.
 * </ul>
 */
public final class InteropServerInterceptor implements ServerInterceptor {
  /** Echoed as a response header. */
  public static final Metadata.Key<String> ECHO_INITIAL = Metadata.Key.of("x-grpc-test-echo-initial");
  /** Echoed as a trailer. */
  public static final Metadata.Key<byte[]> ECHO_TRAILING =
      Metadata.Key.binary("x-grpc-test-echo-trailing-bin");
  private static final Metadata.Key<String> ACCEPT_ENCODING =
      Metadata.Key.of("grpc-accept-encoding");

  @Override
  public <Req, Resp> ServerCall.Listener<Req> interceptCall(
      ServerCall<Req, Resp> call, Metadata headers, ServerCallHandler<Req, Resp> next) {
    String accept = headers.get(ACCEPT_ENCODING);
    boolean gzip = accept != null && accept.contains("gzip");
    InteropCall<Req, Resp> wrapped = new InteropCall<>(call, headers, gzip);
    ServerCall.Listener<Req> delegate = next.startCall(wrapped, headers);
    return new ServerCall.Listener<>() {
      private boolean rejected;

      @Override
      public void onMessage(Req message) {
        if (rejected) {
          return;
        }
        boolean compressed = call.isMessageCompressed();
        if (expectsCompressed(message) && !compressed) {
          rejected = true;
          wrapped.close(
              Status.INVALID_ARGUMENT.withDescription(
                  "expect_compressed is set but the request arrived uncompressed"),
              new Metadata());
          return;
        }
        wrapped.noteResponses(message);
        delegate.onMessage(message);
      }

      @Override
      public void onHalfClose() {
        if (!rejected) {
          delegate.onHalfClose();
        }
      }

      @Override
      public void onCancel() {
        delegate.onCancel();
      }

      @Override
      public void onComplete() {
        delegate.onComplete();
      }

      @Override
      public void onReady() {
        if (!rejected) {
          delegate.onReady();
        }
      }
    };
  }

  private static boolean expectsCompressed(Object message) {
    BoolValue expect = null;
    if (message instanceof SimpleRequest r && r.hasExpectCompressed()) {
      expect = r.getExpectCompressed();
    } else if (message instanceof StreamingInputCallRequest r && r.hasExpectCompressed()) {
      expect = r.getExpectCompressed();
    }
    return expect != null && expect.getValue();
  }

  /**
   * The call as the service sees it: headers carry the echo, the trailers too, and each response
   * message gets the compressed flag its request asked for.
   */
  private static final class InteropCall<Req, Resp> extends ServerCall<Req, Resp> {
    private final ServerCall<Req, Resp> delegate;
    private final String echoInitial;
    private final byte[] echoTrailing;
    private final boolean gzip;
    /** One entry per response still to send: whether to compress it. */
    private final Queue<Boolean> compressFlags = new ConcurrentLinkedQueue<>();
    private volatile boolean headersSent;

    InteropCall(ServerCall<Req, Resp> delegate, Metadata headers, boolean gzip) {
      this.delegate = delegate;
      this.echoInitial = headers.get(ECHO_INITIAL);
      this.echoTrailing = headers.get(ECHO_TRAILING);
      this.gzip = gzip;
      if (gzip) {
        delegate.setCompression("gzip");
        delegate.setMessageCompression(false);
      }
    }

    /** Records, in order, whether each response that {@code request} asks for is compressed. */
    void noteResponses(Object request) {
      if (request instanceof SimpleRequest r) {
        compressFlags.add(r.getResponseCompressed().getValue());
      } else if (request instanceof StreamingOutputCallRequest r) {
        for (ResponseParameters p : r.getResponseParametersList()) {
          compressFlags.add(p.getCompressed().getValue());
        }
      }
    }

    @Override
    public void request(int numMessages) {
      delegate.request(numMessages);
    }

    @Override
    public synchronized void sendHeaders(Metadata headers) {
      if (echoInitial != null) {
        headers.put(ECHO_INITIAL, echoInitial);
      }
      headersSent = true;
      delegate.sendHeaders(headers);
    }

    @Override
    public synchronized void sendMessage(Resp message) {
      if (!headersSent) {
        sendHeaders(new Metadata());
      }
      Boolean compress = compressFlags.poll();
      if (gzip) {
        delegate.setMessageCompression(compress != null && compress);
      }
      delegate.sendMessage(message);
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (!headersSent && echoInitial != null) {
        sendHeaders(new Metadata());
      }
      if (echoTrailing != null) {
        trailers.put(ECHO_TRAILING, echoTrailing);
      }
      delegate.close(status, trailers);
    }

    @Override
    public boolean isCancelled() {
      return delegate.isCancelled();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setCompression(String encoding) {
      delegate.setCompression(encoding);
    }

    @Override
    public void setMessageCompression(boolean enabled) {
      delegate.setMessageCompression(enabled);
    }

    @Override
    public boolean isMessageCompressed() {
      return delegate.isMessageCompressed();
    }

    @Override
    public MethodDescriptor<Req, Resp> methodDescriptor() {
      return delegate.methodDescriptor();
    }

    @Override
    public String authority() {
      return delegate.authority();
    }
  }
}
