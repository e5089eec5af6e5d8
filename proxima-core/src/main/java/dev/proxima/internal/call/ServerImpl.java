package dev.proxima.internal.call;

import dev.proxima.Context;
import dev.proxima.Deadline;
import dev.proxima.HandlerExecution;
import dev.proxima.Metadata;
import dev.proxima.Server;
import dev.proxima.ServerCall;
import dev.proxima.ServerCallHandler;
import dev.proxima.ServerInterceptor;
import dev.proxima.ServerMethodDefinition;
import dev.proxima.ServiceDefinition;
import dev.proxima.Status;
import dev.proxima.internal.grpc.GrpcStreamAcceptor;
import dev.proxima.internal.http2.Http2Config;
import dev.proxima.internal.http2.Http2Server;
import dev.proxima.internal.io.EventLoopGroup;
import dev.proxima.internal.io.TlsEngines;
import dev.proxima.internal.transport.ServerStream;
import dev.proxima.internal.transport.ServerStreamListener;
import dev.proxima.internal.transport.ServerTransportListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The server: an HTTP/2 server on its own event loops whose streams become calls dispatched to the
 * registered services, through the interceptors, on each service's executor.
 *
 * <p>Thread-safe.
 */
public final class ServerImpl extends Server implements ServerTransportListener {
  /** One method ready to serve: its definition, interceptors applied, and where it runs. */
  private record Registered(ServerMethodDefinition<?, ?> definition, ServerCallHandler<?, ?> handler,
      HandlerExecution execution) {}

  private final SocketAddress address;
  /** By request path: "/" + the full method name. */
  private final Map<String, Registered> methodsByPath = new HashMap<>();
  private final Http2Config http2Config;
  private final int maxInboundMessageSize;
  private final boolean exposeErrors;
  private final int loopThreads;
  /** Server TLS settings, or null for plaintext (h2c). */
  private final TlsEngines tls;
  private final ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private EventLoopGroup group;
  private Http2Server http2;
  private volatile boolean shutdown;

  public ServerImpl(SocketAddress address, List<ServiceDefinition> services, List<ServerInterceptor> interceptors,
      HandlerExecution defaultExecution, Http2Config http2Config, int maxInboundMessageSize,
      boolean exposeErrors, int loopThreads) {
    this(address, services, interceptors, defaultExecution, http2Config, maxInboundMessageSize, exposeErrors,
        loopThreads, null);
  }

  /** As above, serving TLS (h2 by ALPN) when {@code tls} is not null. */
  public ServerImpl(SocketAddress address, List<ServiceDefinition> services, List<ServerInterceptor> interceptors,
      HandlerExecution defaultExecution, Http2Config http2Config, int maxInboundMessageSize,
      boolean exposeErrors, int loopThreads, TlsEngines tls) {
    this.tls = tls;
    this.address = address;
    this.http2Config = http2Config;
    this.maxInboundMessageSize = maxInboundMessageSize;
    this.exposeErrors = exposeErrors;
    this.loopThreads = loopThreads;
    for (ServiceDefinition service : services) {
      HandlerExecution execution = service.execution() != null ? service.execution() : defaultExecution;
      for (ServerMethodDefinition<?, ?> m : service.methods()) {
        if (methodsByPath.putIfAbsent("/" + m.method().fullMethodName(),
            new Registered(m, intercept(m.handler(), interceptors), execution)) != null) {
          throw new IllegalArgumentException("method " + m.method().fullMethodName() + " registered twice");
        }
      }
    }
  }

  /** Wraps {@code handler} so that the first interceptor in the list sees each call first. */
  private static ServerCallHandler<?, ?> intercept(ServerCallHandler<?, ?> handler, List<ServerInterceptor> interceptors) {
    ServerCallHandler<?, ?> h = handler;
    for (int i = interceptors.size() - 1; i >= 0; i--) {
      h = wrap(h, interceptors.get(i));
    }
    return h;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ServerCallHandler<?, ?> wrap(ServerCallHandler<?, ?> next, ServerInterceptor interceptor) {
    ServerCallHandler raw = next;
    return (ServerCallHandler) (call, headers) -> interceptor.interceptCall((ServerCall) call, (Metadata) headers, raw);
  }

  @Override
  public synchronized Server start() throws IOException {
    if (http2 != null) {
      throw new IllegalStateException("server already started");
    }
    group = new EventLoopGroup(loopThreads, "proxima-loop", false);
    try {
      http2 = Http2Server.start(group, address, http2Config, new GrpcStreamAcceptor(this, maxInboundMessageSize), tls);
    } catch (IOException e) {
      group.close();
      throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
    }
    return this;
  }

  @Override
  public int port() {
    return localAddress().getPort();
  }

  @Override
  public InetSocketAddress localAddress() {
    return started().localAddress();
  }

  /** Connections open now: for tests and diagnostics. */
  public int connectionCount() {
    return started().connectionCount();
  }

  /**
   * Streams open now over all connections, counted on their loops: for tests and diagnostics that
   * check no stream is left behind. Any thread.
   */
  public CompletableFuture<Integer> activeStreamCount() {
    return started().activeStreamCount();
  }

  private Http2Server started() {
    Http2Server h = http2;
    if (h == null) {
      throw new IllegalStateException("server not started");
    }
    return h;
  }

  @Override
  public Server shutdown() {
    shutdown = true;
    Http2Server h = http2;
    if (h == null) {
      terminated.complete(null);
      return this;
    }
    h.shutdown().whenComplete((v, e) -> terminate());
    return this;
  }

  @Override
  public Server shutdownNow() {
    shutdown = true;
    Http2Server h = http2;
    if (h != null) {
      h.close();
    }
    terminate();
    return this;
  }

  private void terminate() {
    if (group != null) {
      group.close();
    }
    virtualThreads.shutdown();
    terminated.complete(null);
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return terminated.isDone();
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return Termination.await(terminated, timeout);
  }

  // ---------------------------------------------------------------- calls (event loop)

  @Override
  public ServerStreamListener streamCreated(ServerStream stream, String path, Metadata headers,
      long timeoutNanos) {
    Registered r = methodsByPath.get(path);
    if (r == null) {
      String method = path.startsWith("/") ? path.substring(1) : path;
      stream.close(Status.UNIMPLEMENTED.withDescription("Method not found: " + method), new Metadata());
      return NOOP;
    }
    Context.CancellableContext context = timeoutNanos >= 0
        ? Context.ROOT.withDeadline(Deadline.after(timeoutNanos, TimeUnit.NANOSECONDS))
        : Context.ROOT.withCancellation();
    return startCall(r, stream, headers, context);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private ServerStreamListener startCall(Registered r, ServerStream stream, Metadata headers,
      Context.CancellableContext context) {
    java.util.concurrent.Executor executor = switch (r.execution.kind()) {
      case VIRTUAL_THREADS -> new SerializingExecutor(virtualThreads);
      case EVENT_LOOP -> Runnable::run;
      case EXECUTOR -> new SerializingExecutor(r.execution.userExecutor());
    };
    ServerCallImpl call = new ServerCallImpl(stream, r.definition.method(), executor, context, exposeErrors);
    call.start((ServerCallHandler) r.handler, headers);
    return call;
  }

  private static final ServerStreamListener NOOP = new ServerStreamListener() {
    @Override
    public void onMessage(InputStream message) {}

    @Override
    public void onHalfClose() {}

    @Override
    public void onCancel(Status status) {}

    @Override
    public void onComplete() {}

    @Override
    public void onReady() {}
  };
}
