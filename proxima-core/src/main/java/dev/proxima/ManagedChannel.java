package dev.proxima;

import java.time.Duration;

/**
 * A {@link Channel} with a life cycle: it owns its connection, reconnects with backoff when it
 * breaks, and is shut down when no longer needed. Made by {@link ChannelBuilder}. Thread-safe.
 */
public abstract class ManagedChannel implements Channel {
  /** New calls fail with UNAVAILABLE; calls in flight finish. */
  public abstract ManagedChannel shutdown();

  /** New calls fail and calls in flight are cancelled. */
  public abstract ManagedChannel shutdownNow();

  public abstract boolean isShutdown();

  public abstract boolean isTerminated();

  public abstract boolean awaitTermination(Duration timeout) throws InterruptedException;
}
