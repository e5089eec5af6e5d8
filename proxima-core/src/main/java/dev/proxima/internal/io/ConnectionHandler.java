package dev.proxima.internal.io;

import java.nio.ByteBuffer;

/**
 * The protocol side of one socket: what a {@link NioConnection} tells as bytes arrive and the
 * socket drains. Every method runs on the connection's event loop and must not block.
 *
 * <p>Order: {@link #onRegistered} once, then {@link #onOpen} once (unless the connection closed in
 * between), then reads and drains, then {@link #onClosed} once. Both of the first two get the same
 * {@link Connection}.
 */
public interface ConnectionHandler {
  /**
   * The socket is connected and registered with its loop, but the connection is not open yet:
   * under TLS the handshake is still to come, in plaintext {@link #onOpen} follows at once. From
   * now on {@link Connection#close()} closes the socket (and {@link #onClosed} follows), so that a
   * handler asked to close before it opens need not wait for the handshake; it must not write
   * before {@link #onOpen}. A handler may close the connection here; {@code onOpen} then never
   * comes.
   */
  default void onRegistered(Connection connection) {}

  /**
   * The connection is registered with its loop (and secured, under TLS); writes may start. Called
   * after {@link #onRegistered}, with the same connection.
   */
  void onOpen(Connection connection);

  /**
   * Bytes arrived. {@code data} is the loop's reused read buffer: valid only during this call, so
   * the handler consumes it or copies what it keeps.
   */
  void onRead(ByteBuffer data);

  /**
   * The socket had filled up and has now drained everything queued: producers that were told to
   * wait may go on.
   */
  default void onWritable() {}

  /**
   * The loop turn ends and the connection is about to write what is queued: a handler that
   * transforms bytes before they reach the socket (TLS) produces them now. Called only in turns
   * where {@link Connection#flushLater()} was called. Must not block.
   */
  default void beforeFlush() {}

  /**
   * The connection is closed, by either side or by an I/O error ({@code cause}, else null). Called
   * once, after {@link #onRegistered}; no method is called after it. The handler inside a
   * {@link TlsHandler} is told even if it was never opened (the handshake failed: {@code cause} is
   * the {@code SSLException}; the handler closed it itself: null).
   */
  void onClosed(Throwable cause);
}
