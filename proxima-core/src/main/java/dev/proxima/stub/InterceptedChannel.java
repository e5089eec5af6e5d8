package dev.proxima.stub;

import dev.proxima.CallOptions;
import dev.proxima.Channel;
import dev.proxima.ClientCall;
import dev.proxima.ClientInterceptor;
import dev.proxima.MethodDescriptor;
import java.util.Objects;

/** A channel whose calls go through one interceptor before reaching the next channel. */
final class InterceptedChannel implements Channel {
  private final Channel next;
  private final ClientInterceptor interceptor;

  InterceptedChannel(Channel next, ClientInterceptor interceptor) {
    this.next = Objects.requireNonNull(next, "next");
    this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
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
