package dev.proxima.internal.transport;

import dev.proxima.CallOptions;
import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;

/** A connection calls can be started on. Thread-safe. */
public interface ClientTransport {
  /**
   * Starts a stream for {@code method} with request {@code headers}; events go to {@code listener}.
   * {@code timeoutNanos} (or a negative value for none) travels as {@code grpc-timeout}.
   */
  ClientStream newStream(MethodDescriptor<?, ?> method, Metadata headers, CallOptions options,
      long timeoutNanos, ClientStreamListener listener);
}
