package dev.proxima;

import dev.proxima.internal.call.ChannelImpl;
import dev.proxima.internal.http2.Http2Config;
import dev.proxima.internal.io.EventLoopGroup;
import dev.proxima.internal.io.Pem;
import dev.proxima.internal.io.TlsEngines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Configures and builds a {@link ManagedChannel} to one server.
 *
 * <pre>{@code
 * ManagedChannel channel = ChannelBuilder.forTarget("inventory.internal:50051").build();
 * }</pre>
 */
public final class ChannelBuilder {
  private final String host;
  private final int port;
  private final List<ClientInterceptor> interceptors = new ArrayList<>();
  private Executor executor;
  private int maxInboundMessageSize = 4 << 20;
  private int eventLoopThreads;
  private Duration initialBackoff = Duration.ofSeconds(1);
  private Duration maxBackoff = Duration.ofSeconds(120);
  private Duration connectTimeout = Duration.ofSeconds(20);
  private Duration keepAliveTime;
  private Duration keepAliveTimeout = Duration.ofSeconds(20);
  private boolean keepAliveWithoutCalls;
  private boolean tls;
  private Pem.Source trustedCa;
  private Pem.Source certChain;
  private Pem.Source privateKey;
  private String overrideAuthority;

  private ChannelBuilder(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** A channel to {@code host:port} (IPv6 literals in brackets: {@code [::1]:50051}). */
  public static ChannelBuilder forTarget(String target) {
    Objects.requireNonNull(target, "target");
    int colon = target.lastIndexOf(':');
    if (colon <= 0 || colon == target.length() - 1) {
      throw new IllegalArgumentException("target must be host:port, got '" + target + "'");
    }
    String host = target.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(target.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("target must be host:port, port '" + target.substring(colon + 1)
          + "' is not a number");
    }
    return forAddress(host, port);
  }

  public static ChannelBuilder forAddress(String host, int port) {
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("port must be within 1..65535, got " + port);
    }
    return new ChannelBuilder(Objects.requireNonNull(host, "host"), port);
  }

  /** Adds an interceptor; the first added sees each call first. */
  public ChannelBuilder intercept(ClientInterceptor interceptor) {
    interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
    return this;
  }

  /** Where call listeners run (default: virtual threads, one call's events in order). */
  public ChannelBuilder executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /** Largest response message accepted (default 4 MiB); larger ones end the call with RESOURCE_EXHAUSTED. */
  public ChannelBuilder maxInboundMessageSize(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxInboundMessageSize must be > 0, got " + bytes);
    }
    this.maxInboundMessageSize = bytes;
    return this;
  }

  /** Gives the channel event loops of its own (default: share the process's client loops). */
  public ChannelBuilder eventLoopThreads(int threads) {
    if (threads <= 0) {
      throw new IllegalArgumentException("eventLoopThreads must be > 0, got " + threads);
    }
    this.eventLoopThreads = threads;
    return this;
  }

  /** The first wait after a failed connection attempt (gRPC's default: 1 s, then ×1.6 up to 120 s). */
  public ChannelBuilder initialBackoff(Duration initial) {
    this.initialBackoff = Objects.requireNonNull(initial, "initial");
    return this;
  }

  public ChannelBuilder maxBackoff(Duration max) {
    this.maxBackoff = Objects.requireNonNull(max, "max");
    return this;
  }

  public ChannelBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * PINGs the server after {@code time} without hearing from it, to find dead connections early
   * (default: off). If the server answers GOAWAY "too_many_pings", the time doubles.
   */
  public ChannelBuilder keepAliveTime(Duration time) {
    this.keepAliveTime = Objects.requireNonNull(time, "time");
    return this;
  }

  /** How long a keepalive PING may go unanswered before the connection counts as dead (default 20 s). */
  public ChannelBuilder keepAliveTimeout(Duration timeout) {
    this.keepAliveTimeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /** Whether to keep pinging while no call is open (default false). */
  public ChannelBuilder keepAliveWithoutCalls(boolean enable) {
    this.keepAliveWithoutCalls = enable;
    return this;
  }

  /**
   * Connects with TLS (1.2 or 1.3, HTTP/2 negotiated by ALPN "h2"), trusting the JDK's default
   * CAs unless {@link #trustCertificates} says otherwise, and checking that the server's
   * certificate names the host (or the {@link #overrideAuthority override}). Default: plaintext.
   */
  public ChannelBuilder useTransportSecurity() {
    this.tls = true;
    return this;
  }

  /** Uses TLS trusting only the CA certificates of {@code caFile} (PEM, one or more). */
  public ChannelBuilder trustCertificates(Path caFile) {
    this.trustedCa = Pem.Source.of(caFile);
    this.tls = true;
    return this;
  }

  /** As {@link #trustCertificates(Path)}, with the PEM text read from {@code cas} now (not closed). */
  public ChannelBuilder trustCertificates(InputStream cas) {
    try {
      this.trustedCa = Pem.Source.of(cas, "trusted CA stream");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.tls = true;
    return this;
  }

  /**
   * Uses TLS and presents this certificate chain (PEM, leaf first) and private key (PEM, PKCS#8
   * or PKCS#1 RSA, unencrypted) to servers that ask for one (mutual TLS).
   */
  public ChannelBuilder clientCertificate(Path certChainFile, Path privateKeyFile) {
    this.certChain = Pem.Source.of(certChainFile);
    this.privateKey = Pem.Source.of(privateKeyFile);
    this.tls = true;
    return this;
  }

  /** As {@link #clientCertificate(Path, Path)}, with the PEM text read from these streams now. */
  public ChannelBuilder clientCertificate(InputStream certChain, InputStream privateKey) {
    try {
      this.certChain = Pem.Source.of(certChain, "certificate chain stream");
      this.privateKey = Pem.Source.of(privateKey, "private key stream");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.tls = true;
    return this;
  }

  /**
   * Sends {@code authority} as {@code :authority} instead of {@code host:port} and, under TLS,
   * expects the server's certificate to name its host (also sent as SNI): how to reach a server by
   * address whose certificate carries another name (the interop client's
   * {@code --server_host_override}).
   */
  public ChannelBuilder overrideAuthority(String authority) {
    Objects.requireNonNull(authority, "authority");
    if (authority.isEmpty()) {
      throw new IllegalArgumentException("authority must not be empty");
    }
    this.overrideAuthority = authority;
    return this;
  }

  /**
   * Builds the channel; it connects on first use.
   *
   * @throws UncheckedIOException if a TLS certificate or key file cannot be read or used
   */
  public ManagedChannel build() {
    TlsEngines engines = null;
    if (tls) {
      try {
        engines = TlsEngines.client(Pem.load(trustedCa), Pem.load(certChain), Pem.load(privateKey));
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    boolean own = eventLoopThreads > 0;
    EventLoopGroup group = own ? new EventLoopGroup(eventLoopThreads, "proxima-client-loop", true) : SharedLoops.get();
    Http2Config http2 = Http2Config.builder().keepAliveTime(keepAliveTime).keepAliveTimeout(keepAliveTimeout)
        .keepAliveWithoutCalls(keepAliveWithoutCalls).build();
    return new ChannelImpl(host, port, group, own, executor, List.copyOf(interceptors), http2,
        maxInboundMessageSize, initialBackoff, maxBackoff, connectTimeout, engines, overrideAuthority);
  }

  /** The event loops channels share unless given their own: daemon threads, made on first use. */
  private static final class SharedLoops {
    private static final EventLoopGroup GROUP =
        new EventLoopGroup(EventLoopGroup.defaultThreads(), "proxima-client-loop", true);

    static EventLoopGroup get() {
      return GROUP;
    }
  }
}
