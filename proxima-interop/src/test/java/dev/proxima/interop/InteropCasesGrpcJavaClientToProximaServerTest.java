package dev.proxima.interop;

import dev.proxima.Server;
import io.grpc.testing.integration.TestServiceClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * grpc-java's interop client ({@code TestServiceClient.main}, in this JVM: it returns normally when
 * the case passed and throws otherwise, never calling {@code System.exit}) runs every interop case
 * against Proxima's interop server, plaintext and TLS (server1.pem; the client trusts grpc-java's
 * test CA and claims foo.test.google.fr), with the expect_compressed probes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class InteropCasesGrpcJavaClientToProximaServerTest {
  private Server plaintextServer;
  private Server tlsServer;

  @BeforeAll
  void start() throws Exception {
    plaintextServer = InteropServer.start(0, false);
    tlsServer = InteropServer.start(0, true);
  }

  @AfterAll
  void stop() {
    for (Server s : new Server[] {plaintextServer, tlsServer}) {
      if (s != null) {
        s.shutdownNow();
      }
    }
  }

  static List<String> cases() {
    return InteropClient.TEST_CASES;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plaintext(String testCase) throws Exception {
    TestServiceClient.main(new String[] {
        "--server_host=127.0.0.1",
        "--server_port=" + plaintextServer.port(),
        "--test_case=" + testCase,
        "--use_tls=false"});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void tls(String testCase) throws Exception {
    TestServiceClient.main(new String[] {
        "--server_host=127.0.0.1",
        "--server_port=" + tlsServer.port(),
        "--test_case=" + testCase,
        "--use_tls=true",
        "--use_test_ca=true",
        "--server_host_override=" + TestCertificates.DEFAULT_HOST_OVERRIDE});
  }
}
