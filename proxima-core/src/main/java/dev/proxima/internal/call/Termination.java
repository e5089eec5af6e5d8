package dev.proxima.internal.call;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a channel or server to terminate: what both {@code awaitTermination}s do. */
final class Termination {
  private Termination() {}

  /** Waits up to {@code timeout} for {@code terminated}; true once it completed, however. */
  static boolean await(CompletableFuture<Void> terminated, Duration timeout) throws InterruptedException {
    try {
      terminated.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }
}
