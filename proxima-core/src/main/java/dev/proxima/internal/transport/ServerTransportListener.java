package dev.proxima.internal.transport;

import dev.proxima.Metadata;

/** What a server transport tells the call layer: a client started a call. */
public interface ServerTransportListener {
  /**
   * A call began. {@code path} is the request's {@code :path} as received, {@code
   * "/" + fullMethodName} for a gRPC call ("/pkg.Service/Method"), passed as is so that finding the
   * method takes no new string per call. Returns the listener for the stream's events, having
   * closed the stream itself when the method is unknown. {@code timeoutNanos} is the client's
   * {@code grpc-timeout}, or negative when none.
   */
  ServerStreamListener streamCreated(ServerStream stream, String path, Metadata headers, long timeoutNanos);
}
