package dev.proxima;

import dev.proxima.internal.call.ServerImpl;
import dev.proxima.internal.http2.Http2Config;
import dev.proxima.internal.io.EventLoopGroup;
import dev.proxima.internal.io.Pem;
import dev.proxima.internal.io.TlsEngines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Configures and builds a {@link Server}.
 *
 * <pre>{@code
 * Server server = ServerBuilder.forPort(50051)
 *     .addService(inventory)
 *     .intercept(auth)
 *     .build()
 *     .start();
 * }</pre>
 */
public final class ServerBuilder {
  private final SocketAddress address;
  private final List<ServiceDefinition> services = new ArrayList<>();
  private final List<ServerInterceptor> interceptors = new ArrayList<>();
  private HandlerExecution execution = HandlerExecution.virtualThreads();
  private int maxInboundMessageSize = 4 << 20;
  private int maxConcurrentCallsPerConnection = 1024;
  private int maxHeaderListSize = 16 << 10;
  private boolean exposeErrorMessages;
  private int eventLoopThreads = EventLoopGroup.defaultThreads();
  private Duration keepAliveTime;
  private Duration keepAliveTimeout = Duration.ofSeconds(20);
  private Duration permitKeepAliveTime = Duration.ofMinutes(5);
  private boolean permitKeepAliveWithoutCalls;
  private Duration maxConnectionIdle;
  private Duration maxConnectionAge;
  private Duration maxConnectionAgeGrace;
  private Pem.Source certChain;
  private Pem.Source privateKey;
  private Pem.Source clientCa;

  private ServerBuilder(SocketAddress address) {
    this.address = address;
  }

  /** Listens on every address of this host at {@code port} (0 picks a free port). */
  public static ServerBuilder forPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be within 0..65535, got " + port);
    }
    return new ServerBuilder(new InetSocketAddress(port));
  }

  public static ServerBuilder forAddress(SocketAddress address) {
    return new ServerBuilder(Objects.requireNonNull(address, "address"));
  }

  public ServerBuilder addService(ServiceDefinition service) {
    services.add(Objects.requireNonNull(service, "service"));
    return this;
  }

  /** Adds an interceptor; the first added sees each call first. */
  public ServerBuilder intercept(ServerInterceptor interceptor) {
    interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
    return this;
  }

  /** Where handlers run unless their service says otherwise; default {@link HandlerExecution#virtualThreads()}. */
  public ServerBuilder handlerExecution(HandlerExecution execution) {
    this.execution = Objects.requireNonNull(execution, "execution");
    return this;
  }

  /** Largest request message accepted (default 4 MiB); larger ones end the call with RESOURCE_EXHAUSTED. */
  public ServerBuilder maxInboundMessageSize(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxInboundMessageSize must be > 0, got " + bytes);
    }
    this.maxInboundMessageSize = bytes;
    return this;
  }

  /** Calls one client connection may have open at once (HTTP/2 MAX_CONCURRENT_STREAMS). */
  public ServerBuilder maxConcurrentCallsPerConnection(int calls) {
    if (calls <= 0) {
      throw new IllegalArgumentException("maxConcurrentCallsPerConnection must be > 0, got " + calls);
    }
    this.maxConcurrentCallsPerConnection = calls;
    return this;
  }

  /** Largest request metadata accepted, in HPACK's accounting (default 16 KiB). */
  public ServerBuilder maxHeaderListSize(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxHeaderListSize must be > 0, got " + bytes);
    }
    this.maxHeaderListSize = bytes;
    return this;
  }

  /**
   * Whether a handler's unexpected exception text is sent to the client in the status description
   * (default false: the client sees UNKNOWN "application error"; the server logs the exception).
   */
  public ServerBuilder exposeErrorMessages(boolean expose) {
    this.exposeErrorMessages = expose;
    return this;
  }

  /** Event-loop threads (default: one per core). */
  public ServerBuilder eventLoopThreads(int threads) {
    if (threads <= 0) {
      throw new IllegalArgumentException("eventLoopThreads must be > 0, got " + threads);
    }
    this.eventLoopThreads = threads;
    return this;
  }

  /** PINGs a client after {@code time} without hearing from it (default: off). */
  public ServerBuilder keepAliveTime(Duration time) {
    this.keepAliveTime = Objects.requireNonNull(time, "time");
    return this;
  }

  /** How long a keepalive PING may go unanswered before the connection is closed (default 20 s). */
  public ServerBuilder keepAliveTimeout(Duration timeout) {
    this.keepAliveTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * The shortest interval between client PINGs tolerated (default 5 minutes); a client that pings
   * faster three times is sent GOAWAY ENHANCE_YOUR_CALM "too_many_pings".
   */
  public ServerBuilder permitKeepAliveTime(Duration time) {
    this.permitKeepAliveTime = Objects.requireNonNull(time, "time");
    return this;
  }

  /** Whether clients may ping while they have no call open (default false). */
  public ServerBuilder permitKeepAliveWithoutCalls(boolean permit) {
    this.permitKeepAliveWithoutCalls = permit;
    return this;
  }

  /** Gracefully closes a connection that had no call for {@code idle} (default: never). */
  public ServerBuilder maxConnectionIdle(Duration idle) {
    this.maxConnectionIdle = Objects.requireNonNull(idle, "idle");
    return this;
  }

  /** Gracefully closes connections older than {@code age}, ±10% (default: never). */
  public ServerBuilder maxConnectionAge(Duration age) {
    this.maxConnectionAge = Objects.requireNonNull(age, "age");
    return this;
  }

  /** After max age, how long calls in flight get before the connection is closed (default: forever). */
  public ServerBuilder maxConnectionAgeGrace(Duration grace) {
    this.maxConnectionAgeGrace = Objects.requireNonNull(grace, "grace");
    return this;
  }

  /**
   * Serves TLS (1.2 or 1.3, HTTP/2 negotiated by ALPN "h2") with this certificate chain (PEM, leaf
   * first) and private key (PEM: PKCS#8 {@code BEGIN PRIVATE KEY}, or PKCS#1 {@code BEGIN RSA
   * PRIVATE KEY}; unencrypted). Default: plaintext (h2c). The files are read by {@link #build()}.
   */
  public ServerBuilder useTransportSecurity(Path certChainFile, Path privateKeyFile) {
    this.certChain = Pem.Source.of(certChainFile);
    this.privateKey = Pem.Source.of(privateKeyFile);
    return this;
  }

  /**
   * As {@link #useTransportSecurity(Path, Path)}, with the PEM text read from these streams now
   * (they are not closed): e.g. certificates shipped as class-path resources.
   *
   * @throws UncheckedIOException if a stream cannot be read
   */
  public ServerBuilder useTransportSecurity(InputStream certChain, InputStream privateKey) {
    try {
      this.certChain = Pem.Source.of(certChain, "certificate chain stream");
      this.privateKey = Pem.Source.of(privateKey, "private key stream");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /**
   * Mutual TLS: clients must present a certificate signed by one of the CAs in
   * {@code trustedClientCaFile} (PEM), else the handshake fails. Needs
   * {@link #useTransportSecurity}.
   */
  public ServerBuilder clientAuth(Path trustedClientCaFile) {
    this.clientCa = Pem.Source.of(trustedClientCaFile);
    return this;
  }

  /** As {@link #clientAuth(Path)}, with the CA certificates read from {@code trustedClientCas} now. */
  public ServerBuilder clientAuth(InputStream trustedClientCas) {
    try {
      this.clientCa = Pem.Source.of(trustedClientCas, "client CA stream");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /**
   * Builds the server (not started yet).
   *
   * @throws UncheckedIOException if a TLS certificate or key file cannot be read or used
   * @throws IllegalStateException if {@link #clientAuth} was set without {@link #useTransportSecurity}
   */
  public Server build() {
    TlsEngines tls = null;
    if (clientCa != null && certChain == null) {
      throw new IllegalStateException("clientAuth(...) needs useTransportSecurity(certChain, privateKey)");
    }
    if (certChain != null) {
      try {
        tls = TlsEngines.server(certChain.load(), privateKey.load(), Pem.load(clientCa));
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    Http2Config config = Http2Config.builder()
        .keepAliveTime(keepAliveTime)
        .keepAliveTimeout(keepAliveTimeout)
        .permitKeepAliveTime(permitKeepAliveTime)
        .permitKeepAliveWithoutCalls(permitKeepAliveWithoutCalls)
        .maxConnectionIdle(maxConnectionIdle)
        .maxConnectionAge(maxConnectionAge)
        .maxConnectionAgeGrace(maxConnectionAgeGrace)
        .maxConcurrentStreams(maxConcurrentCallsPerConnection)
        .maxHeaderListSize(maxHeaderListSize)
        .build();
    return new ServerImpl(address, List.copyOf(services), List.copyOf(interceptors), execution, config,
        maxInboundMessageSize, exposeErrorMessages, eventLoopThreads, tls);
  }
}
