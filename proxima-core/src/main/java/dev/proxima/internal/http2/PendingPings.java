package dev.proxima.internal.http2;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The PINGs sent by {@link Http2Connection#ping()} whose ACK has not come (RFC 9113 §6.7), by
 * payload. User pings count up from 1, so their payloads never meet the keepalive's or the
 * bandwidth-delay probe's fixed ones.
 *
 * <p>The connection makes it at the first such PING: an idle connection holds none.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class PendingPings {
  private final Map<Long, Pending> pending = new HashMap<>();
  private long nextPayload = 1;

  /** Remembers {@code future} for a PING sent now; returns the payload to send it with. */
  long add(CompletableFuture<Long> future) {
    long payload = nextPayload++;
    pending.put(payload, new Pending(System.nanoTime(), future));
    return payload;
  }

  /** The ACK of {@code payload} came: its future completes with the round-trip time in nanoseconds. */
  void acknowledged(long payload) {
    Pending p = pending.remove(payload);
    if (p != null) {
      p.future.complete(System.nanoTime() - p.sentNanos);
    }
  }

  /** The connection closed: no ACK will come. */
  void failAll() {
    for (Pending p : pending.values()) {
      p.future.completeExceptionally(new IllegalStateException("connection closed before the PING ACK"));
    }
    pending.clear();
  }

  private record Pending(long sentNanos, CompletableFuture<Long> future) {}
}
