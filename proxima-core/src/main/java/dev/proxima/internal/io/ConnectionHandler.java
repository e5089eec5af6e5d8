package dev.proxima.internal.io;

import java.nio.ByteBuffer;

/**
 * The protocol side of one socket: what a {@link NioConnection} tells as bytes arrive and the
 * socket drains. Every method runs on the connection's event loop and must not block.
 */
public interface ConnectionHandler {
  /** The connection is registered with its loop (and secured, under TLS); writes may start. */
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
   * once; no method is called after it. The handler inside a {@link TlsHandler} is told even if
   * it was never opened (the handshake failed: {@code cause} is the {@code SSLException}).
   */
  void onClosed(Throwable cause);
}
