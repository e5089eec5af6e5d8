package dev.proxima.internal.http2;

import dev.proxima.internal.io.EventLoop;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/** Opens client HTTP/2 connections (prior-knowledge h2c, what gRPC uses in plaintext). */
public final class Http2Client {
  private Http2Client() {}

  /**
   * Connects to {@code address} on {@code loop}; the future completes once the server's SETTINGS
   * arrived and streams may be opened, or fails if the connection could not be made.
   */
  public static CompletableFuture<Http2Connection> connect(EventLoop loop, SocketAddress address, Http2Config config) {
    Http2Connection connection = Http2Connection.client(config);
    return loop.connect(address, connection).thenCompose(nio -> connection.ready());
  }
}
