package dev.proxima;

/**
 * Wraps the making of client calls: may change the call options, wrap the call (to add headers,
 * log, retry) or answer without calling {@code next}.
 */
@FunctionalInterface
public interface ClientInterceptor {
  <Req, Resp> ClientCall<Req, Resp> interceptCall(MethodDescriptor<Req, Resp> method, CallOptions options,
      Channel next);
}
