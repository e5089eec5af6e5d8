package dev.proxima.internal.call;

import dev.proxima.CallOptions;
import dev.proxima.Channel;
import dev.proxima.ClientCall;
import dev.proxima.ClientInterceptor;
import dev.proxima.MethodDescriptor;
import java.util.List;

/** A channel whose calls pass through an interceptor first. */
public final class InterceptedChannel implements Channel {
  private final Channel next;
  private final ClientInterceptor interceptor;

  private InterceptedChannel(Channel next, ClientInterceptor interceptor) {
    this.next = next;
    this.interceptor = interceptor;
  }

  /** {@code channel} behind {@code interceptors}; the first in the list sees each call first. */
  public static Channel wrap(Channel channel, List<ClientInterceptor> interceptors) {
    Channel c = channel;
    for (int i = interceptors.size() - 1; i >= 0; i--) {
      c = new InterceptedChannel(c, interceptors.get(i));
    }
    return c;
  }

  @Override
  public <Req, Resp> ClientCall<Req, Resp> newCall(MethodDescriptor<Req, Resp> method, CallOptions options) {
    return interceptor.interceptCall(method, options, next);
  }

  @Override
  public String authority() {
    return next.authority();
  }
}
