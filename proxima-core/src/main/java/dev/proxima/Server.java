package dev.proxima;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A gRPC server: hosts services on a port. Made by {@link ServerBuilder}. Thread-safe.
 *
 * <p>{@link #shutdown()} is graceful: GOAWAY tells clients to stop starting calls here, the calls
 * in flight finish, new ones are refused (clients see UNAVAILABLE and may retry elsewhere).
 * {@link #shutdownNow()} cancels what is in flight.
 */
public abstract class Server {
  /** Binds the port and starts serving. */
  public abstract Server start() throws IOException;

  /** The port listened on (useful with port 0). */
  public abstract int port();

  public abstract InetSocketAddress localAddress();

  /** Stops taking new calls and lets the calls in flight finish. */
  public abstract Server shutdown();

  /** Stops at once: calls in flight are cancelled. */
  public abstract Server shutdownNow();

  public abstract boolean isShutdown();

  /** True once every connection is closed and the threads are gone. */
  public abstract boolean isTerminated();

  /** Waits up to {@code timeout} for termination; true if it happened. */
  public abstract boolean awaitTermination(Duration timeout) throws InterruptedException;
}
