package dev.proxima.internal.grpc;

import dev.proxima.internal.http2.Http2Stream;
import dev.proxima.internal.http2.Http2StreamListener;
import dev.proxima.internal.http2.StreamAcceptor;
import dev.proxima.internal.transport.ServerTransportListener;

/** Turns every HTTP/2 stream a client opens into a gRPC server stream. */
public final class GrpcStreamAcceptor implements StreamAcceptor {
  private final ServerTransportListener listener;
  private final int maxInboundMessageSize;

  public GrpcStreamAcceptor(ServerTransportListener listener, int maxInboundMessageSize) {
    this.listener = listener;
    this.maxInboundMessageSize = maxInboundMessageSize;
  }

  @Override
  public Http2StreamListener accept(Http2Stream stream) {
    return new GrpcServerStream(stream, listener, maxInboundMessageSize);
  }
}
