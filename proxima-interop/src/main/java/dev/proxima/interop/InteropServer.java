package dev.proxima.interop;

import dev.proxima.Server;
import dev.proxima.ServerBuilder;
import io.grpc.testing.integration.TestServiceProxima;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;

/**
 * The interop server: {@code grpc.testing.TestService} ({@link TestServiceImpl} behind {@link
 * InteropServerInterceptor}). {@code grpc.testing.UnimplementedService} is not served, so its calls
 * fail with UNIMPLEMENTED.
 *
 * <p>Flags: {@code --port=N} (default 8080), {@code --use_tls=true|false} (TLS with the interop
 * test certificate {@code server1.pem}, see {@link TestCertificates}).
 */
public final class InteropServer {
  /** The largest request accepted, as grpc-java's interop server: 16 MiB. */
  public static final int MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

  private InteropServer() {}

  /** A started server on {@code port} (0: any free port), plaintext. */
  public static Server start(int port) throws IOException {
    return start(port, false);
  }

  /**
   * A started server on {@code port} (0: any free port); with {@code tls}, it serves the interop
   * test certificate {@code server1.pem} ({@code *.test.google.fr}).
   */
  public static Server start(int port, boolean tls) throws IOException {
    ServerBuilder builder = builder(port);
    if (tls) {
      InputStream cert = TestCertificates.open("server1.pem");
      InputStream key = TestCertificates.open("server1.key");
      try {
        builder.useTransportSecurity(cert, key);
      } finally {
        TestCertificates.close(cert);
        TestCertificates.close(key);
      }
    }
    return builder.build().start();
  }

  /** A server builder with the interop service and settings, not built yet. */
  public static ServerBuilder builder(int port) {
    return ServerBuilder.forPort(port)
        .addService(TestServiceProxima.bindService(new TestServiceImpl()))
        .intercept(new InteropServerInterceptor())
        .maxInboundMessageSize(MAX_MESSAGE_SIZE);
  }

  /** Runs the server until the process is stopped. */
  public static void main(String[] args) throws Exception {
    Flags flags;
    try {
      flags = Flags.parse(args, Set.of("port", "use_tls"));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: interop-server [--port=N] [--use_tls=true|false]");
      System.exit(2);
      return;
    }
    int port = flags.getInt("port", 8080);
    Server server = start(port, flags.getBoolean("use_tls", false));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown();
      try {
        server.awaitTermination(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    System.out.println("Server started on port " + server.port());
    server.awaitTermination(Duration.ofDays(365 * 100));
  }
}
