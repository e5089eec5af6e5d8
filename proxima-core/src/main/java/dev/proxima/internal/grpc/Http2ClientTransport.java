package dev.proxima.internal.grpc;

import dev.proxima.CallOptions;
import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;
import dev.proxima.internal.http2.Http2Connection;
import dev.proxima.internal.transport.ClientStream;
import dev.proxima.internal.transport.ClientStreamListener;
import dev.proxima.internal.transport.ClientTransport;

/** gRPC calls over one client HTTP/2 connection. Thread-safe. */
public final class Http2ClientTransport implements ClientTransport {
  private final Http2Connection connection;
  private final int maxInboundMessageSize;
  /** Used by the streams' start, on the connection's loop. */
  private final RequestHeaders requestHeaders;

  /** A plaintext transport: requests carry {@code :scheme http}. */
  public Http2ClientTransport(Http2Connection connection, String authority, int maxInboundMessageSize) {
    this(connection, "http", authority, maxInboundMessageSize);
  }

  /** Requests carry {@code :scheme} {@code scheme} ("https" over TLS) and {@code :authority}. */
  public Http2ClientTransport(Http2Connection connection, String scheme, String authority, int maxInboundMessageSize) {
    this.connection = connection;
    this.maxInboundMessageSize = maxInboundMessageSize;
    this.requestHeaders = new RequestHeaders(scheme, authority);
  }

  public Http2Connection connection() {
    return connection;
  }

  @Override
  public ClientStream newStream(MethodDescriptor<?, ?> method, Metadata headers, CallOptions options,
      long timeoutNanos, ClientStreamListener listener) {
    Compressor compressor = null;
    if (options.compression() != null) {
      compressor = Compressors.forEncoding(options.compression());
      if (compressor == null) {
        throw new IllegalArgumentException("unknown compression '" + options.compression()
            + "'; supported: identity," + Compressors.acceptEncoding());
      }
    }
    int max = options.maxInboundMessageSize() != null ? options.maxInboundMessageSize() : maxInboundMessageSize;
    GrpcClientStream stream = new GrpcClientStream(connection, listener, max, compressor);
    stream.onLoop(() -> stream.start(method, headers, options, requestHeaders, timeoutNanos));
    return stream;
  }

  /** Whether new calls can start here. */
  public boolean isUsable() {
    return connection.isAcceptingStreams();
  }
}
