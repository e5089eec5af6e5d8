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
 * probes (which grpc-java's server cannot answer).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class InteropCasesProximaClientToProximaServerTest {
  private Server server;
  private ManagedChannel channel;

  @BeforeAll
  void start() throws Exception {
    server = InteropServer.start(0);
    channel = InteropClient.plaintextChannel("127.0.0.1", server.port());
  }

  @AfterAll
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
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
    new InteropClient(channel).runTest(testCase);
  }
}
