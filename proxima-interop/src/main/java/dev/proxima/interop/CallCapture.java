package dev.proxima.interop;

import dev.proxima.CallOptions;
import dev.proxima.Channel;
import dev.proxima.ClientCall;
import dev.proxima.ClientInterceptor;
import dev.proxima.ForwardingClientCall;
import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;
import dev.proxima.Status;

/**
 * A client interceptor for one call at a time: keeps the call (to switch per-message compression)
 * and the response headers and trailers it received (to check echoed metadata).
 */
final class CallCapture implements ClientInterceptor {
  private volatile ClientCall<?, ?> call;
  private volatile Metadata headers;
  private volatile Metadata trailers;

  /** The latest call made through this interceptor. */
  ClientCall<?, ?> call() {
    return call;
  }

  /** The response headers of the latest call, or null. */
  Metadata headers() {
    return headers;
  }

  /** The trailers of the latest call, or null. */
  Metadata trailers() {
    return trailers;
  }

  @Override
  public <Req, Resp> ClientCall<Req, Resp> interceptCall(
      MethodDescriptor<Req, Resp> method, CallOptions options, Channel next) {
    ClientCall<Req, Resp> delegate = next.newCall(method, options);
    ClientCall<Req, Resp> wrapped = new ForwardingClientCall<>(delegate) {
      @Override
      public void start(Listener<Resp> listener, Metadata requestHeaders) {
        delegate().start(new Listener<>() {
          @Override
          public void onHeaders(Metadata h) {
            headers = h;
            listener.onHeaders(h);
          }

          @Override
          public void onMessage(Resp message) {
            listener.onMessage(message);
          }

          @Override
          public void onClose(Status status, Metadata t) {
            trailers = t;
            listener.onClose(status, t);
          }

          @Override
          public void onReady() {
            listener.onReady();
          }
        }, requestHeaders);
      }
    };
    call = wrapped;
    return wrapped;
  }
}
