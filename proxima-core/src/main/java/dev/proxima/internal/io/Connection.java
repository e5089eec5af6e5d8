package dev.proxima.internal.io;

import java.net.SocketAddress;

/**
 * What a {@link ConnectionHandler} writes to and controls: a byte stream owned by one event loop.
 * {@link NioConnection} is the socket itself; {@link TlsHandler} hands its inner handler a
 * connection of plaintext that it encrypts into the socket, so the protocol above (HTTP/2) is the
 * same code with or without TLS.
 *
 * <p>Writing: append to {@link #outbound()} and call {@link #flushLater()}; at the end of the loop
 * turn everything queued goes out. Producers stop while {@link #isWritable()} is false and go on
 * at {@link ConnectionHandler#onWritable()}.
 *
 * <p>Threading: {@link #close()}, {@link #isOpen()}, {@link #isWritable()}, {@link #loop()} and the
 * address getters may be called from any thread; everything else only on the loop thread.
 */
public interface Connection {
  /** The loop that owns this connection. Any thread. */
  EventLoop loop();

  /** Where bytes to send are queued. Loop thread only. */
  OutboundBuffer outbound();

  /** Asks for the queued bytes to be sent at the end of the current loop turn. Loop thread only. */
  void flushLater();

  /** False while the socket is full and bytes remain queued. Any thread (a snapshot). */
  boolean isWritable();

  /** True until the connection is closed. Any thread. */
  boolean isOpen();

  /** Closes after a best-effort write of what is queued. Any thread; idempotent. */
  void close();

  /**
   * Writes everything queued, waiting for the socket up to {@code timeoutMillis}, then closes.
   * Loop thread only.
   */
  void closeAfterFlush(long timeoutMillis);

  /** Stops (true) or resumes (false) reading from the socket. Loop thread only. */
  void setReadPaused(boolean paused);

  /** The peer's address, or null if unknown. Any thread. */
  SocketAddress remoteAddress();

  /** This side's address, or null if unknown. Any thread. */
  SocketAddress localAddress();
}
