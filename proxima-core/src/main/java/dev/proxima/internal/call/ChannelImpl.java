package dev.proxima.internal.call;

import dev.proxima.CallOptions;
import dev.proxima.Channel;
import dev.proxima.ClientCall;
import dev.proxima.ClientInterceptor;
import dev.proxima.ManagedChannel;
import dev.proxima.MethodDescriptor;
import dev.proxima.Status;
import dev.proxima.internal.grpc.Http2ClientTransport;
import dev.proxima.internal.http2.Http2Client;
import dev.proxima.internal.http2.Http2Config;
import dev.proxima.internal.http2.ErrorCode;
import dev.proxima.internal.http2.Http2Connection;
import dev.proxima.internal.io.EventLoopGroup;
import dev.proxima.internal.io.TlsEngines;
import dev.proxima.internal.transport.ClientTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A channel to one {@code host:port}: one HTTP/2 connection made on first use, replaced when it
 * breaks or the server sends GOAWAY, with gRPC's connection backoff between failed attempts.
 * Calls made while connecting wait; while the last attempt failed they fail fast with UNAVAILABLE,
 * unless they asked to wait for ready. An attempt that times out, or that is under way when the
 * channel shuts down, is closed at once, its socket too, even in the middle of a TLS handshake.
 *
 * <p>Thread-safe: {@link #lock} guards the connection state and is never held while calling out.
 */
public final class ChannelImpl extends ManagedChannel implements TransportSource {
  private static final java.util.logging.Logger log = java.util.logging.Logger.getLogger(ChannelImpl.class.getName());

  private enum State {
    IDLE,
    CONNECTING,
    READY,
    TRANSIENT_FAILURE,
    SHUTDOWN
  }

  private record Waiter(CompletableFuture<ClientTransport> future, boolean waitForReady) {}

  private final String host;
  private final int port;
  private final String authority;
  /** Client TLS settings, or null for plaintext (h2c). */
  private final TlsEngines tls;
  /** The name the server's certificate must carry (and SNI): the authority's host. */
  private final String tlsServerName;
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final Executor executor;
  private final ExecutorService ownExecutor;
  /** Replaced (keepalive time doubled) when a server says our pings come too often. */
  private volatile Http2Config http2Config;
  private final int maxInboundMessageSize;
  private final Duration connectTimeout;
  private final ConnectionBackoff backoff;
  private final Channel intercepted;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Waiter> waiters = new ArrayList<>();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  private State state = State.IDLE;
  /** The connection being made while CONNECTING: shutting down closes it, mid-handshake too. */
  private Http2Connection connecting;
  private Http2ClientTransport transport;
  private Status lastError;
  private ScheduledFuture<?> reconnect;

  public ChannelImpl(String host, int port, EventLoopGroup group, boolean ownsGroup, Executor executor,
      List<ClientInterceptor> interceptors, Http2Config http2Config, int maxInboundMessageSize,
      Duration initialBackoff, Duration maxBackoff, Duration connectTimeout) {
    this(host, port, group, ownsGroup, executor, interceptors, http2Config, maxInboundMessageSize, initialBackoff,
        maxBackoff, connectTimeout, null, null);
  }

  /**
   * As above, over TLS when {@code tls} is not null, and with {@code overrideAuthority} (when not
   * null) as {@code :authority} and, under TLS, as the name the server's certificate must carry.
   */
  public ChannelImpl(String host, int port, EventLoopGroup group, boolean ownsGroup, Executor executor,
      List<ClientInterceptor> interceptors, Http2Config http2Config, int maxInboundMessageSize,
      Duration initialBackoff, Duration maxBackoff, Duration connectTimeout, TlsEngines tls,
      String overrideAuthority) {
    this.host = host;
    this.port = port;
    this.authority = overrideAuthority != null ? overrideAuthority
        : (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    this.tls = tls;
    this.tlsServerName = overrideAuthority != null ? hostOf(overrideAuthority) : host;
    this.group = group;
    this.ownsGroup = ownsGroup;
    if (executor == null) {
      this.ownExecutor = Executors.newVirtualThreadPerTaskExecutor();
      this.executor = ownExecutor;
    } else {
      this.ownExecutor = null;
      this.executor = executor;
    }
    this.http2Config = http2Config;
    this.maxInboundMessageSize = maxInboundMessageSize;
    this.connectTimeout = connectTimeout;
    this.backoff = new ConnectionBackoff(initialBackoff, maxBackoff);
    Channel base = new Channel() {
      @Override
      public <Req, Resp> ClientCall<Req, Resp> newCall(MethodDescriptor<Req, Resp> method, CallOptions options) {
        Executor e = options.executor() != null ? options.executor() : ChannelImpl.this.executor;
        return new ClientCallImpl<>(method, options, ChannelImpl.this, e);
      }

      @Override
      public String authority() {
        return authority;
      }
    };
    this.intercepted = InterceptedChannel.wrap(base, interceptors);
  }

  @Override
  public <Req, Resp> ClientCall<Req, Resp> newCall(MethodDescriptor<Req, Resp> method, CallOptions options) {
    return intercepted.newCall(method, options == null ? CallOptions.DEFAULT : options);
  }

  @Override
  public String authority() {
    return authority;
  }

  /** The host of an authority: without a {@code :port} and IPv6 brackets. */
  static String hostOf(String authority) {
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      return end > 0 ? authority.substring(1, end) : authority;
    }
    int colon = authority.lastIndexOf(':');
    if (colon > 0 && authority.indexOf(':') == colon) {
      return authority.substring(0, colon);
    }
    return authority;
  }

  // ---------------------------------------------------------------- connection state

  @Override
  public ClientTransport readyTransport() {
    lock.lock();
    try {
      return state == State.READY && transport != null && transport.isUsable() ? transport : null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public CompletableFuture<ClientTransport> transport(boolean waitForReady) {
    CompletableFuture<ClientTransport> f = new CompletableFuture<>();
    boolean connect = false;
    lock.lock();
    try {
      if (state == State.READY && transport != null && !transport.isUsable()) {
        state = State.IDLE; // GOAWAY received: the old connection drains, new calls need a new one
        transport = null;
      }
      switch (state) {
        case SHUTDOWN -> {
          f.completeExceptionally(Status.UNAVAILABLE.withDescription("channel to " + authority + " is shut down")
              .asException());
          return f;
        }
        case READY -> {
          f.complete(transport);
          return f;
        }
        case TRANSIENT_FAILURE -> {
          if (!waitForReady) {
            f.completeExceptionally(lastError.asException());
            return f;
          }
        }
        case IDLE -> {
          state = State.CONNECTING;
          connect = true;
        }
        default -> {}
      }
      waiters.add(new Waiter(f, waitForReady));
    } finally {
      lock.unlock();
    }
    if (connect) {
      connect();
    }
    return f;
  }

  private void connect() {
    Http2Connection attempt;
    try {
      attempt = Http2Client.open(group.next(), new InetSocketAddress(host, port), http2Config, tls,
          tlsServerName, port);
    } catch (RuntimeException e) {
      connected(null, null, e);
      return;
    }
    boolean shutDown;
    lock.lock();
    try {
      shutDown = state == State.SHUTDOWN;
      if (!shutDown) {
        connecting = attempt;
      }
    } finally {
      lock.unlock();
    }
    if (shutDown) {
      attempt.close();
      return;
    }
    // A copy, so that the timeout fails this wait and not the connection's own future.
    attempt.ready().copy().orTimeout(connectTimeout.toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete((connection, error) -> connected(attempt, connection, error));
  }

  /**
   * The attempt ended: {@code connection} is ready, or {@code error} says why not (then the attempt
   * is closed, in case it only timed out). {@code attempt} is null if it could not even start.
   */
  private void connected(Http2Connection attempt, Http2Connection connection, Throwable error) {
    List<Waiter> toComplete = new ArrayList<>();
    Http2ClientTransport t = null;
    boolean closeIt = false;
    Status failure = null;
    lock.lock();
    try {
      if (connecting == attempt) {
        connecting = null;
      }
      if (state == State.SHUTDOWN) {
        closeIt = attempt != null;
      } else if (error != null) {
        closeIt = attempt != null;
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause() : error;
        failure = Status.UNAVAILABLE.withDescription("cannot connect to " + authority + ": " + cause).withCause(cause);
        lastError = failure;
        state = State.TRANSIENT_FAILURE;
        for (var it = waiters.iterator(); it.hasNext(); ) {
          Waiter w = it.next();
          if (!w.waitForReady) {
            toComplete.add(w);
            it.remove();
          }
        }
        long delay = backoff.nextDelayNanos();
        reconnect = Timers.schedule(this::backoffEnded, delay);
      } else {
        backoff.reset();
        state = State.READY;
        transport = new Http2ClientTransport(connection, tls != null ? "https" : "http", authority,
            maxInboundMessageSize);
        t = transport;
        toComplete.addAll(waiters);
        waiters.clear();
      }
    } finally {
      lock.unlock();
    }
    if (closeIt) {
      attempt.close(); // not wanted any more, or failed: maybe only timed out, its socket still open
    }
    if (failure != null) {
      for (Waiter w : toComplete) {
        w.future.completeExceptionally(failure.asException());
      }
    }
    if (t == null) {
      return;
    }
    Http2ClientTransport ready = t;
    connection.closeFuture().whenComplete((v, e) -> connectionClosed(ready));
    for (Waiter w : toComplete) {
      w.future.complete(ready);
    }
  }

  /** The backoff passed: try again if calls wait, else go idle until the next call. */
  private void backoffEnded() {
    boolean connect = false;
    lock.lock();
    try {
      if (state != State.TRANSIENT_FAILURE) {
        return;
      }
      if (waiters.isEmpty()) {
        state = State.IDLE;
      } else {
        state = State.CONNECTING;
        connect = true;
      }
    } finally {
      lock.unlock();
    }
    if (connect) {
      connect();
    }
  }

  private void connectionClosed(Http2ClientTransport closed) {
    Http2Connection c = closed.connection();
    Http2Config current = http2Config;
    if (c.goAwayReceivedCode() == ErrorCode.ENHANCE_YOUR_CALM && "too_many_pings".equals(c.goAwayReceivedDebug())
        && current.keepAliveTime() != null) {
      // gRPC A8: the server finds our keepalive too eager; back off for every later connection.
      Duration doubled = current.keepAliveTime().multipliedBy(2);
      http2Config = current.toBuilder().keepAliveTime(doubled).build();
      log.warning(() -> "server " + authority + " sent too_many_pings; keepalive time is now " + doubled);
    }
    lock.lock();
    try {
      if (transport == closed) {
        transport = null;
        if (state == State.READY) {
          state = State.IDLE;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- life cycle

  @Override
  public ManagedChannel shutdown() {
    shutdown(false);
    return this;
  }

  @Override
  public ManagedChannel shutdownNow() {
    shutdown(true);
    return this;
  }

  private void shutdown(boolean now) {
    List<Waiter> toFail;
    Http2ClientTransport t;
    Http2Connection attempt;
    lock.lock();
    try {
      if (state == State.SHUTDOWN && !now) {
        return;
      }
      state = State.SHUTDOWN;
      toFail = new ArrayList<>(waiters);
      waiters.clear();
      t = transport;
      transport = null;
      attempt = connecting;
      connecting = null;
      if (reconnect != null) {
        reconnect.cancel(false);
      }
    } finally {
      lock.unlock();
    }
    if (attempt != null) {
      attempt.close(); // no call waits for it any more: at once, even mid-handshake
    }
    Status s = Status.UNAVAILABLE.withDescription("channel to " + authority + " is shut down");
    for (Waiter w : toFail) {
      w.future.completeExceptionally(s.asException());
    }
    if (t == null) {
      finish();
      return;
    }
    if (now) {
      t.connection().close();
    } else {
      t.connection().shutdown();
    }
    t.connection().closeFuture().whenComplete((v, e) -> finish());
  }

  private void finish() {
    if (ownsGroup) {
      group.close();
    }
    if (ownExecutor != null) {
      ownExecutor.shutdown();
    }
    terminated.complete(null);
  }

  @Override
  public boolean isShutdown() {
    lock.lock();
    try {
      return state == State.SHUTDOWN;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isTerminated() {
    return terminated.isDone();
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return Termination.await(terminated, timeout);
  }

  /** The HTTP/2 settings the next connection will use (keepalive time grows after too_many_pings). */
  public Http2Config http2Config() {
    return http2Config;
  }

  @Override
  public String toString() {
    return "ManagedChannel[" + authority + "]";
  }
}
