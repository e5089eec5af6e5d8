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
 * against Proxima's interop server, plaintext, with the expect_compressed probes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class InteropCasesGrpcJavaClientToProximaServerTest {
  private Server server;

  @BeforeAll
  void start() throws Exception {
    server = InteropServer.start(0);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.shutdownNow();
    }
  }

  static List<String> cases() {
    return InteropClient.TEST_CASES;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void interopCase(String testCase) throws Exception {
    TestServiceClient.main(new String[] {
        "--server_host=127.0.0.1",
        "--server_port=" + server.port(),
        "--test_case=" + testCase,
        "--use_tls=false"});
  }
}
