package dev.proxima.stub;

import dev.proxima.CallOptions;
import dev.proxima.Channel;
import dev.proxima.ClientCall;
import dev.proxima.ClientInterceptor;
import dev.proxima.ForwardingClientCall;
import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;

/**
 * A client interceptor that adds fixed headers to the request metadata of every call, after the
 * headers already there. What {@link AbstractStub#withMetadata} uses.
 */
public final class HeaderAttachingInterceptor implements ClientInterceptor {
  private final Metadata extraHeaders;

  private HeaderAttachingInterceptor(Metadata extraHeaders) {
    this.extraHeaders = extraHeaders;
  }

  /** An interceptor adding a copy of {@code headers}, taken now, to every call's request headers. */
  public static HeaderAttachingInterceptor of(Metadata headers) {
    return new HeaderAttachingInterceptor(new Metadata().merge(headers));
  }

  @Override
  public <Req, Resp> ClientCall<Req, Resp> interceptCall(MethodDescriptor<Req, Resp> method, CallOptions options,
      Channel next) {
    return new HeaderAttachingCall<>(next.newCall(method, options), extraHeaders);
  }

  /** Forwards everything to the call it wraps, adding the headers at {@link #start}. */
  private static final class HeaderAttachingCall<Req, Resp> extends ForwardingClientCall<Req, Resp> {
    private final Metadata extraHeaders;

    HeaderAttachingCall(ClientCall<Req, Resp> delegate, Metadata extraHeaders) {
      super(delegate);
      this.extraHeaders = extraHeaders;
    }

    @Override
    public void start(Listener<Resp> listener, Metadata headers) {
      delegate().start(listener, headers.merge(extraHeaders));
    }
  }
}
