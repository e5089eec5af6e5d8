package dev.proxima.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.CallOptions;
import dev.proxima.ChannelBuilder;
import dev.proxima.ManagedChannel;
import dev.proxima.MethodDescriptor;
import dev.proxima.ServerBuilder;
import dev.proxima.ServiceDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.ServerCalls;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS against grpc-java 1.79.0 (Netty, its own TLS and ALPN) both ways, with and without client
 * certificates, using grpc-java's test CA: server1.pem names *.test.google.fr, so clients connect
 * to 127.0.0.1 with the authority overridden to foo.test.google.fr, as the interop client does.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class TlsWithGrpcJavaTest {
  private static final String HOST = "foo.test.google.fr";
  private static final MethodDescriptor<String, String> P_UNARY =
      Methods.proxima(Methods.UNARY, MethodDescriptor.Type.UNARY);
  private static final io.grpc.MethodDescriptor<String, String> G_UNARY =
      Methods.grpc(Methods.UNARY, io.grpc.MethodDescriptor.MethodType.UNARY);

  @TempDir
  static Path certs;

  private io.grpc.Server grpcServer;
  private dev.proxima.Server proximaServer;
  private ManagedChannel proximaChannel;
  private io.grpc.ManagedChannel grpcChannel;

  @BeforeAll
  static void copyCertificates() throws Exception {
    for (String name : List.of("ca.pem", "server1.pem", "server1.key", "client.pem", "client.key")) {
      try (InputStream in = TlsWithGrpcJavaTest.class.getResourceAsStream("/certs/" + name)) {
        Files.copy(in, certs.resolve(name));
      }
    }
  }

  private static Path cert(String name) {
    return certs.resolve(name);
  }

  @AfterEach
  void tearDown() {
    if (proximaChannel != null) {
      proximaChannel.shutdownNow();
    }
    if (grpcChannel != null) {
      grpcChannel.shutdownNow();
    }
    if (proximaServer != null) {
      proximaServer.shutdownNow();
    }
    if (grpcServer != null) {
      grpcServer.shutdownNow();
    }
  }

  private static String big() {
    return "tls ".repeat(1 << 20); // 4 MiB: many records, past the first flow-control windows
  }

  private void startGrpcServer(boolean requireClientCert) throws Exception {
    SslContextBuilder ssl = GrpcSslContexts.forServer(cert("server1.pem").toFile(), cert("server1.key").toFile());
    if (requireClientCert) {
      ssl.trustManager(cert("ca.pem").toFile()).clientAuth(ClientAuth.REQUIRE);
    }
    grpcServer = NettyServerBuilder.forPort(0).sslContext(ssl.build()).maxInboundMessageSize(16 << 20)
        .addService(ServerServiceDefinition.builder(Methods.SERVICE)
            .addMethod(G_UNARY, ServerCalls.asyncUnaryCall((req, out) -> {
              out.onNext(req);
              out.onCompleted();
            }))
            .build())
        .build().start();
  }

  private void startProximaServer(boolean requireClientCert) throws Exception {
    ServerBuilder b = ServerBuilder.forPort(0).maxInboundMessageSize(16 << 20)
        .useTransportSecurity(cert("server1.pem"), cert("server1.key"))
        .addService(ServiceDefinition.builder(Methods.SERVICE)
            .addMethod(P_UNARY, dev.proxima.stub.ServerCalls.unaryCall(req -> req)).build());
    if (requireClientCert) {
      b.clientAuth(cert("ca.pem"));
    }
    proximaServer = b.build().start();
  }

  private String proximaCall(ChannelBuilder b) throws Exception {
    proximaChannel = b.trustCertificates(cert("ca.pem")).overrideAuthority(HOST).maxInboundMessageSize(16 << 20)
        .build();
    return dev.proxima.stub.ClientCalls.blockingUnaryCall(proximaChannel, P_UNARY,
        CallOptions.DEFAULT.withDeadlineAfter(java.time.Duration.ofSeconds(20)), big());
  }

  private String grpcCall(boolean withClientCert) throws Exception {
    SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(cert("ca.pem").toFile());
    if (withClientCert) {
      ssl.keyManager(cert("client.pem").toFile(), cert("client.key").toFile());
    }
    grpcChannel = NettyChannelBuilder.forAddress("127.0.0.1", proximaServer.port()).sslContext(ssl.build())
        .overrideAuthority(HOST).maxInboundMessageSize(16 << 20).build();
    return io.grpc.stub.ClientCalls.blockingUnaryCall(grpcChannel, G_UNARY,
        io.grpc.CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), big());
  }

  @Test
  void proximaClientToGrpcJavaTlsServer() throws Exception {
    startGrpcServer(false);
    assertEquals(big(), proximaCall(ChannelBuilder.forAddress("127.0.0.1", grpcServer.getPort())));
  }

  @Test
  void proximaClientPresentsItsCertificateToGrpcJavaMutualTls() throws Exception {
    startGrpcServer(true);
    assertEquals(big(), proximaCall(ChannelBuilder.forAddress("127.0.0.1", grpcServer.getPort())
        .clientCertificate(cert("client.pem"), cert("client.key"))));
  }

  @Test
  void grpcJavaClientToProximaTlsServer() throws Exception {
    startProximaServer(false);
    assertEquals(big(), grpcCall(false));
  }

  @Test
  void grpcJavaClientToProximaMutualTlsServer() throws Exception {
    startProximaServer(true);
    assertEquals(big(), grpcCall(true));
    grpcChannel.shutdownNow();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpcCall(false));
    assertEquals(io.grpc.Status.Code.UNAVAILABLE, e.getStatus().getCode(), e::toString);
  }

  @Test
  void proximaClientRefusesGrpcJavaServerWithoutTheRightName() throws Exception {
    startGrpcServer(false);
    proximaChannel = ChannelBuilder.forAddress("127.0.0.1", grpcServer.getPort()).trustCertificates(cert("ca.pem"))
        .build();
    dev.proxima.StatusException e = assertThrows(dev.proxima.StatusException.class,
        () -> dev.proxima.stub.ClientCalls.blockingUnaryCall(proximaChannel, P_UNARY, CallOptions.DEFAULT, "x"));
    assertEquals(dev.proxima.Status.Code.UNAVAILABLE, e.status().code(), e::toString);
    assertTrue(e.status().description().contains("127.0.0.1"), e::toString);
  }
}
