package dev.proxima.internal.http2;

import dev.proxima.internal.io.EventLoop;
import dev.proxima.internal.io.Timeout;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The timers that keep a connection honest, as gRPC defines them (doc/keepalive.md,
 * A8-client-side-keepalive, A9-server-side-connection-management):
 * <ul>
 *   <li>keepalive: after {@code keepAliveTime} without reading anything, PING the peer; no ACK
 *       within {@code keepAliveTimeout} means the peer is gone and the connection is closed;
 *   <li>ping policing (server): a client that pings more often than {@code permitKeepAliveTime}
 *       (or at all without calls, unless permitted) gets a strike per early PING; the third strike
 *       ends the connection with GOAWAY ENHANCE_YOUR_CALM "too_many_pings";
 *   <li>max idle: a connection with no call for {@code maxConnectionIdle} is shut down gracefully;
 *   <li>max age: a connection older than {@code maxConnectionAge} (±10% so clients do not reconnect
 *       in step) is shut down gracefully, and closed outright after {@code maxConnectionAgeGrace}.
 * </ul>
 *
 * <p>Threading: the connection's event loop only.
 */
final class ConnectionKeeper {
  /** The PING payload of keepalive probes ("KEEPALIV"). */
  static final long KEEPALIVE_PING = 0x4b45455041_4c4956L;
  private static final int MAX_PING_STRIKES = 2;
  /** gRPC: without calls and without permission, a client may ping at most every two hours. */
  private static final long NO_CALLS_PING_INTERVAL_NANOS = TimeUnit.HOURS.toNanos(2);

  private final Http2Connection connection;
  private final Http2Config config;
  private final EventLoop loop;
  private long lastReadNanos;
  private Timeout keepAliveTimer;
  private Timeout pingAckTimer;
  private boolean pingInFlight;
  private Timeout idleTimer;
  private long lastPeerPingNanos = Long.MIN_VALUE;
  private int pingStrikes;
  private boolean closed;

  ConnectionKeeper(Http2Connection connection, Http2Config config, EventLoop loop) {
    this.connection = connection;
    this.config = config;
    this.loop = loop;
  }

  /**
   * Whether {@code config} asks for a timer from the connection's start (keepalive, max idle, max
   * age). Without one, a keeper has nothing to do until the peer's first PING.
   */
  static boolean hasTimers(Http2Config config) {
    return config.keepAliveTime() != null || config.maxConnectionIdle() != null
        || config.maxConnectionAge() != null;
  }

  void onOpen() {
    lastReadNanos = System.nanoTime();
    if (config.keepAliveTime() != null) {
      scheduleKeepAlive(config.keepAliveTime().toNanos());
    }
    if (config.maxConnectionIdle() != null) {
      onIdle();
    }
    if (config.maxConnectionAge() != null) {
      long age = config.maxConnectionAge().toNanos();
      long jittered = (long) (age * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble()));
      loop.schedule(this::maxAgeReached, jittered, TimeUnit.NANOSECONDS);
    }
  }

  void onRead() {
    lastReadNanos = System.nanoTime();
  }

  /** The last stream closed. */
  void onIdle() {
    if (config.maxConnectionIdle() != null && idleTimer == null && !closed) {
      idleTimer = loop.schedule(() -> {
        idleTimer = null;
        if (!closed && connection.activeStreams() == 0) {
          connection.shutdown();
        }
      }, config.maxConnectionIdle().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** A stream opened. */
  void onActive() {
    if (idleTimer != null) {
      idleTimer.cancel();
      idleTimer = null;
    }
  }

  /** We sent headers or data: pings from the peer after this are legitimate again (gRPC A9). */
  void onDataSent() {
    lastPeerPingNanos = Long.MIN_VALUE;
    pingStrikes = 0;
  }

  /**
   * A PING arrived (server side policing). Returns false when it was one too many: the caller
   * ends the connection with ENHANCE_YOUR_CALM "too_many_pings".
   */
  boolean onPingReceived(boolean hasCalls) {
    if (config.permitKeepAliveTime() == null) {
      return true;
    }
    long now = System.nanoTime();
    long minInterval = hasCalls || config.permitKeepAliveWithoutCalls()
        ? config.permitKeepAliveTime().toNanos()
        : NO_CALLS_PING_INTERVAL_NANOS;
    boolean early = lastPeerPingNanos != Long.MIN_VALUE && now - lastPeerPingNanos < minInterval;
    lastPeerPingNanos = now;
    if (early && ++pingStrikes > MAX_PING_STRIKES) {
      return false;
    }
    return true;
  }

  /** True when {@code payload} acknowledged our keepalive probe. */
  boolean onPingAck(long payload) {
    if (payload != KEEPALIVE_PING) {
      return false;
    }
    pingInFlight = false;
    if (pingAckTimer != null) {
      pingAckTimer.cancel();
      pingAckTimer = null;
    }
    if (config.keepAliveTime() != null) {
      scheduleKeepAlive(config.keepAliveTime().toNanos());
    }
    return true;
  }

  void onClosed() {
    closed = true;
    for (Timeout t : new Timeout[] {keepAliveTimer, pingAckTimer, idleTimer}) {
      if (t != null) {
        t.cancel();
      }
    }
  }

  private void scheduleKeepAlive(long delayNanos) {
    if (!closed) {
      keepAliveTimer = loop.schedule(this::keepAliveDue, Math.max(delayNanos, 1), TimeUnit.NANOSECONDS);
    }
  }

  private void keepAliveDue() {
    if (closed || pingInFlight) {
      return;
    }
    long interval = config.keepAliveTime().toNanos();
    long quiet = System.nanoTime() - lastReadNanos;
    if (quiet < interval) {
      scheduleKeepAlive(interval - quiet); // the peer spoke recently: it is alive
      return;
    }
    if (connection.activeStreams() == 0 && !config.keepAliveWithoutCalls()) {
      scheduleKeepAlive(interval);
      return;
    }
    pingInFlight = true;
    connection.sendPing(KEEPALIVE_PING);
    Duration timeout = config.keepAliveTimeout();
    pingAckTimer = loop.schedule(() -> {
      if (pingInFlight && !closed) {
        connection.abort("keepalive PING not acknowledged within " + timeout.toMillis()
            + " ms: the peer is gone");
      }
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void maxAgeReached() {
    if (closed) {
      return;
    }
    connection.shutdown();
    Duration grace = config.maxConnectionAgeGrace();
    if (grace != null) {
      loop.schedule(() -> {
        if (!closed) {
          connection.abort("connection older than max age plus grace");
        }
      }, grace.toNanos(), TimeUnit.NANOSECONDS);
    }
  }
}
