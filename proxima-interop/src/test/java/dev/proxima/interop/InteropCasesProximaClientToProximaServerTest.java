package dev.proxima.interop;

import dev.proxima.ManagedChannel;
import dev.proxima.Server;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proxima's interop client against Proxima's interop server: every case, with the expect_compressed
 * probes (which grpc-java's server cannot answer), plaintext and TLS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class InteropCasesProximaClientToProximaServerTest {
  private Server plaintextServer;
  private Server tlsServer;
  private ManagedChannel plaintext;
  private ManagedChannel tls;

  @BeforeAll
  void start() throws Exception {
    plaintextServer = InteropServer.start(0, false);
    plaintext = InteropClient.plaintextChannel("127.0.0.1", plaintextServer.port());
    tlsServer = InteropServer.start(0, true);
    tls = InteropClient.tlsChannel(
        "127.0.0.1", tlsServer.port(), true, TestCertificates.DEFAULT_HOST_OVERRIDE);
  }

  @AfterAll
  void stop() {
    for (ManagedChannel c : new ManagedChannel[] {plaintext, tls}) {
      if (c != null) {
        c.shutdownNow();
      }
    }
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
    new InteropClient(plaintext).runTest(testCase);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void tls(String testCase) throws Exception {
    new InteropClient(tls).runTest(testCase);
  }
}
