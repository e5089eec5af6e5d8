package dev.proxima.internal.http2;

import dev.proxima.internal.io.ConnectionHandler;
import dev.proxima.internal.io.EventLoopGroup;
import dev.proxima.internal.io.ServerAcceptor;
import dev.proxima.internal.io.TlsEngines;
import dev.proxima.internal.io.TlsHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * An HTTP/2 server, prior-knowledge h2c or, given {@link TlsEngines}, h2 over TLS (ALPN "h2"):
 * accepts connections on a group of event loops and
 * offers every stream its peers open to one {@link StreamAcceptor}.
 *
 * <p>Thread-safe: {@link #shutdown()} and {@link #close()} may be called from any thread.
 */
public final class Http2Server implements AutoCloseable {
  private final ServerAcceptor acceptor;
  private final Set<Http2Connection> connections = ConcurrentHashMap.newKeySet();

  private Http2Server(EventLoopGroup group, SocketAddress address, Http2Config config, StreamAcceptor streams,
      TlsEngines tls) throws IOException {
    Consumer<Http2Connection> closed = connections::remove;
    this.acceptor = ServerAcceptor.bind(group, address, () -> {
      Http2Connection c = Http2Connection.server(config, streams, closed);
      connections.add(c);
      ConnectionHandler handler = c;
      if (tls != null) {
        handler = new TlsHandler(tls.newServerEngine(Http2Client.ALPN), Http2Client.ALPN, c);
      }
      return handler;
    });
  }

  /** Binds {@code address} (port 0 picks a free port) and starts accepting plaintext (h2c). */
  public static Http2Server start(EventLoopGroup group, SocketAddress address, Http2Config config,
      StreamAcceptor streams) throws IOException {
    return new Http2Server(group, address, config, streams, null);
  }

  /**
   * Binds {@code address} and starts accepting; with {@code tls} (server settings) every
   * connection is TLS with ALPN "h2", else plaintext.
   */
  public static Http2Server start(EventLoopGroup group, SocketAddress address, Http2Config config,
      StreamAcceptor streams, TlsEngines tls) throws IOException {
    if (tls != null && !tls.isServer()) {
      throw new IllegalArgumentException("client TLS settings given to a server");
    }
    return new Http2Server(group, address, config, streams, tls);
  }

  public InetSocketAddress localAddress() {
    return acceptor.localAddress();
  }

  public int port() {
    return acceptor.localAddress().getPort();
  }

  /** Connections open now. */
  public int connectionCount() {
    return connections.size();
  }

  /**
   * Streams open now over all connections, each counted on its loop
   * ({@link Http2Connection#activeStreamCount()}): for tests and diagnostics. Any thread.
   */
  public CompletableFuture<Integer> activeStreamCount() {
    List<CompletableFuture<Integer>> counts =
        connections.stream().map(Http2Connection::activeStreamCount).toList();
    return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new))
        .thenApply(done -> counts.stream().mapToInt(CompletableFuture::join).sum());
  }

  /**
   * Stops accepting, sends GOAWAY on every connection and lets their streams finish. The future
   * completes when every connection is closed.
   */
  public CompletableFuture<Void> shutdown() {
    acceptor.close();
    CompletableFuture<?>[] closing = connections.stream()
        .peek(Http2Connection::shutdown)
        .map(Http2Connection::closeFuture)
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(closing);
  }

  /** Stops accepting and closes every connection now. */
  @Override
  public void close() {
    acceptor.close();
    connections.forEach(Http2Connection::close);
  }
}
