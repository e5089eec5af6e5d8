package dev.proxima.internal.http2;

import dev.proxima.internal.io.EventLoop;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Our client connected to a {@link RawPeer} acting as the server, for client tests that need the
 * server to send exactly the frames a rule talks about.
 */
final class ScriptedServer implements AutoCloseable {
  private final ServerSocket listener;
  /** The scripted server. */
  final RawPeer peer;
  /** Our client, ready (the server's SETTINGS came). */
  final Http2Connection client;

  private ScriptedServer(ServerSocket listener, RawPeer peer, Http2Connection client) {
    this.listener = listener;
    this.peer = peer;
    this.client = client;
  }

  /** Connects a client with {@code config} on {@code loop} to a server that announces {@code settings}. */
  static ScriptedServer connect(EventLoop loop, Http2Config config, Http2Settings settings) throws Exception {
    ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    CompletableFuture<Http2Connection> connecting =
        Http2Client.connect(loop, listener.getLocalSocketAddress(), config);
    RawPeer peer = RawPeer.accept(listener).serverHandshake(settings);
    return new ScriptedServer(listener, peer, connecting.get(5, TimeUnit.SECONDS));
  }

  @Override
  public void close() throws Exception {
    client.close();
    peer.close();
    listener.close();
  }
}
