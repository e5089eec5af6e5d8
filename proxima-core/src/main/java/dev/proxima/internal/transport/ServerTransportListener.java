package dev.proxima.internal.transport;

import dev.proxima.Metadata;

/** What a server transport tells the call layer: a client started a call. */
public interface ServerTransportListener {
  /**
   * A call to {@code fullMethodName} began. Returns the listener for the stream's events, having
   * closed the stream itself when the method is unknown. {@code timeoutNanos} is the client's
   * {@code grpc-timeout}, or negative when none.
   */
  ServerStreamListener streamCreated(ServerStream stream, String fullMethodName, Metadata headers, long timeoutNanos);
}
