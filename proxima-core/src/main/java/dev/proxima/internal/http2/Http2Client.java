package dev.proxima.internal.http2;

import dev.proxima.internal.io.ConnectionHandler;
import dev.proxima.internal.io.EventLoop;
import dev.proxima.internal.io.TlsEngines;
import dev.proxima.internal.io.TlsHandler;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Opens client HTTP/2 connections: prior-knowledge h2c (what gRPC uses in plaintext) or h2 over
 * TLS, negotiated by ALPN.
 */
public final class Http2Client {
  /** The ALPN protocol name of HTTP/2 over TLS (RFC 9113 §3.2). */
  public static final String ALPN = "h2";

  private Http2Client() {}

  /**
   * Connects to {@code address} on {@code loop}; the future completes once the server's SETTINGS
   * arrived and streams may be opened, or fails if the connection could not be made.
   */
  public static CompletableFuture<Http2Connection> connect(EventLoop loop, SocketAddress address, Http2Config config) {
    return connect(loop, address, config, null, null, 0);
  }

  /**
   * Like {@link #connect(EventLoop, SocketAddress, Http2Config)}, over TLS when {@code tls} (client
   * settings) is not null: the server's certificate must name {@code serverName}, which is also
   * sent as SNI; {@code port} goes with it to the engine (session resumption). A failed handshake
   * fails the future with its {@link javax.net.ssl.SSLException}.
   */
  public static CompletableFuture<Http2Connection> connect(EventLoop loop, SocketAddress address, Http2Config config,
      TlsEngines tls, String serverName, int port) {
    return open(loop, address, config, tls, serverName, port).ready();
  }

  /**
   * Starts connecting as {@link #connect(EventLoop, SocketAddress, Http2Config, TlsEngines, String,
   * int) connect} does, but returns the connection at once: its {@link Http2Connection#ready()} is
   * what {@code connect} returns, and its {@link Http2Connection#close()} gives the attempt up at
   * any point, closing the socket even while the TLS handshake is still going.
   */
  public static Http2Connection open(EventLoop loop, SocketAddress address, Http2Config config, TlsEngines tls,
      String serverName, int port) {
    Http2Connection connection = Http2Connection.client(config);
    ConnectionHandler handler = connection;
    if (tls != null) {
      if (tls.isServer()) {
        throw new IllegalArgumentException("server TLS settings given to a client");
      }
      handler = new TlsHandler(tls.newClientEngine(serverName, port, ALPN), ALPN, connection);
    }
    loop.connect(address, handler).whenComplete((nio, e) -> {
      if (e != null) {
        connection.connectFailed(e);
      }
    });
    return connection;
  }
}
