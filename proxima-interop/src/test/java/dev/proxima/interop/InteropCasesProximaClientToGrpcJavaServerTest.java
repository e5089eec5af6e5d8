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
 * interop server ({@code TestServiceServer}, in this JVM), plaintext. grpc-java's server does not
 * check {@code expect_compressed}, so the two client_compressed cases run in their {@code _noprobe}
 * form (the probe is checked against Proxima's own server in {@link
 * InteropCasesProximaClientToProximaServerTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class InteropCasesProximaClientToGrpcJavaServerTest {
  private GrpcJavaInteropServer server;
  private ManagedChannel channel;

  @BeforeAll
  void start() throws Exception {
    server = GrpcJavaInteropServer.start("--use_tls=false");
    channel = InteropClient.plaintextChannel("127.0.0.1", server.port());
  }

  @AfterAll
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.close();
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
  void interopCase(String testCase) throws Exception {
    new InteropClient(channel).runTest(testCase);
  }
}
