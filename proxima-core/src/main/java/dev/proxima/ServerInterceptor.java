package dev.proxima;

/**
 * Wraps the handling of server calls: sees each call and its headers before the handler, and may
 * wrap the call, the listener, or end the call itself (authentication, logging, metrics).
 */
@FunctionalInterface
public interface ServerInterceptor {
  <Req, Resp> ServerCall.Listener<Req> interceptCall(ServerCall<Req, Resp> call, Metadata headers,
      ServerCallHandler<Req, Resp> next);
}
