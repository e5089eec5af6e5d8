package dev.proxima;

/**
 * Something calls can be made on: a connection (pool) to a server, possibly wrapped by
 * interceptors. Thread-safe.
 */
public interface Channel {
  /** A new call, not started yet. */
  <Req, Resp> ClientCall<Req, Resp> newCall(MethodDescriptor<Req, Resp> method, CallOptions options);

  /** The authority ({@code host:port}) calls are made to. */
  String authority();
}
