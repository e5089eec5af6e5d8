package dev.proxima.interop;

import dev.proxima.ManagedChannel;
import io.grpc.testing.integration.GrpcJavaInteropServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proxima's interop client ({@link InteropClient}) runs every interop case against grpc-java's
 * interop server ({@code TestServiceServer}, in this JVM), plaintext and TLS (grpc-java's test
 * certificates; the client trusts ca.pem and claims foo.test.google.fr). grpc-java's server does not
 * check {@code expect_compressed}, so the two client_compressed cases run in their {@code _noprobe}
 * form (the probe is checked against Proxima's own server in {@link
 * InteropCasesProximaClientToProximaServerTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class InteropCasesProximaClientToGrpcJavaServerTest {
  private GrpcJavaInteropServer plaintextServer;
  private GrpcJavaInteropServer tlsServer;
  private ManagedChannel plaintext;
  private ManagedChannel tls;

  @BeforeAll
  void start() throws Exception {
    plaintextServer = GrpcJavaInteropServer.start("--use_tls=false");
    plaintext = InteropClient.plaintextChannel("127.0.0.1", plaintextServer.port());
    tlsServer = GrpcJavaInteropServer.start("--use_tls=true");
    tls = InteropClient.tlsChannel(
        "127.0.0.1", tlsServer.port(), true, TestCertificates.DEFAULT_HOST_OVERRIDE);
  }

  @AfterAll
  void stop() throws Exception {
    for (ManagedChannel c : new ManagedChannel[] {plaintext, tls}) {
      if (c != null) {
        c.shutdownNow();
      }
    }
    for (GrpcJavaInteropServer s : new GrpcJavaInteropServer[] {plaintextServer, tlsServer}) {
      if (s != null) {
        s.close();
      }
    }
  }

  static List<String> cases() {
    List<String> cases = new ArrayList<>();
    for (String c : InteropClient.TEST_CASES) {
      cases.add(c.startsWith("client_compressed_") ? c + "_noprobe" : c);
    }
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plaintext(String testCase) throws Exception {
    new InteropClient(plaintext).runTest(testCase);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void tls(String testCase) throws Exception {
    new InteropClient(tls).runTest(testCase);
  }
}
