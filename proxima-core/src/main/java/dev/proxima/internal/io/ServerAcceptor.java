package dev.proxima.internal.io;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A listening socket served by the first loop of an {@link EventLoopGroup}: it accepts there and
 * hands each accepted socket to the next loop of the group, round robin, with a fresh handler.
 *
 * <p>Threading: {@link #bind}, {@link #localAddress()} and {@link #close()} may be called from any
 * thread; accepting runs on the accepting loop's thread.
 */
public final class ServerAcceptor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ServerAcceptor.class.getName());
  static final int BACKLOG = 1024;
  /** Accepts per readiness event, so a connection storm does not starve the loop's sockets. */
  private static final int MAX_ACCEPTS_PER_EVENT = 64;

  private final EventLoopGroup group;
  private final EventLoop acceptLoop;
  private final ServerSocketChannel channel;
  private final Supplier<ConnectionHandler> handlers;
  private final InetSocketAddress localAddress;
  private final AtomicBoolean closed = new AtomicBoolean();
  private SelectionKey key;

  private ServerAcceptor(
      EventLoopGroup group, ServerSocketChannel channel, Supplier<ConnectionHandler> handlers)
      throws IOException {
    this.group = group;
    this.acceptLoop = group.loops().get(0);
    this.channel = channel;
    this.handlers = handlers;
    this.localAddress = (InetSocketAddress) channel.getLocalAddress();
  }

  /**
   * Binds {@code address} (SO_REUSEADDR, backlog {@value #BACKLOG}) and starts accepting. Bind
   * errors are thrown here; connections that arrive before the accepting loop has registered the
   * socket wait in the backlog. Any thread.
   */
  public static ServerAcceptor bind(
      EventLoopGroup group, SocketAddress address, Supplier<ConnectionHandler> handlers)
      throws IOException {
    ServerSocketChannel ch = ServerSocketChannel.open();
    try {
      ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      ch.bind(address, BACKLOG);
      ch.configureBlocking(false);
      ServerAcceptor acceptor = new ServerAcceptor(group, ch, handlers);
      if (!acceptor.acceptLoop.offer(acceptor::register)) {
        throw new IOException("event loop group is closed");
      }
      return acceptor;
    } catch (IOException | RuntimeException e) {
      EventLoop.closeQuietly(ch);
      throw e;
    }
  }

  /** The bound address, with the actual port when bound to port 0. Any thread. */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /**
   * Stops accepting and releases the port; connections already accepted live on. Any thread;
   * idempotent.
   */
  @Override
  public void close() {
    if (acceptLoop.inEventLoop()) {
      closeNow();
    } else {
      // Closing the channel is thread-safe; the loop then deregisters it (which frees the port).
      closeChannel();
      acceptLoop.execute(this::closeNow);
    }
  }

  boolean isOpen() {
    return !closed.get();
  }

  private void register() {
    if (closed.get()) {
      return;
    }
    try {
      key = channel.register(acceptLoop.selector(), SelectionKey.OP_ACCEPT, this);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.ERROR, "cannot register listening socket", e);
      closeNow();
    }
  }

  /** Loop thread: the listening socket has connections waiting. */
  void handleAccept() {
    if (closed.get()) {
      return; // closed from another thread; the key goes at the next select
    }
    for (int i = 0; i < MAX_ACCEPTS_PER_EVENT; i++) {
      SocketChannel accepted;
      try {
        accepted = channel.accept();
      } catch (IOException e) {
        // e.g. too many open files: log and retry on the next readiness event
        LOG.log(System.Logger.Level.WARNING, "accept failed", e);
        return;
      }
      if (accepted == null) {
        return;
      }
      ConnectionHandler handler;
      try {
        handler = handlers.get();
      } catch (Throwable e) {
        LOG.log(System.Logger.Level.WARNING, "handler supplier failed", e);
        EventLoop.closeQuietly(accepted);
        continue;
      }
      group.next().register(accepted, handler);
    }
  }

  /** Loop thread (or after the loop ended). */
  void closeNow() {
    closeChannel();
    if (key != null) {
      key.cancel();
    }
  }

  private void closeChannel() {
    if (closed.compareAndSet(false, true)) {
      EventLoop.closeQuietly(channel);
    }
  }

  @Override
  public String toString() {
    return "ServerAcceptor[" + localAddress + (isOpen() ? "" : ", closed") + "]";
  }
}
