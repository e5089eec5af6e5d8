package dev.proxima.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.internal.http2.Http2Config;
import dev.proxima.internal.http2.Http2Server;
import dev.proxima.internal.io.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our echo server under nghttp2's load generator, {@code h2load}: 10,000 requests over 8
 * connections with 100 streams in flight on each, every one answered 2xx.
 */
@Timeout(40)
final class H2loadPeerTest {
  private static final Duration RUN_LIMIT = Duration.ofSeconds(30);
  private static final Pattern REQUESTS = Pattern.compile("(?m)^requests: .*$");
  private static final Pattern STATUS_CODES = Pattern.compile("(?m)^status codes: (\\d+) 2xx, (\\d+) 3xx, (\\d+) 4xx, (\\d+) 5xx");

  @TempDir
  Path dir;
  private final EventLoopGroup group = new EventLoopGroup(4, "h2load-peer-loop", true);
  private Http2Server server;
  private Processes processes;
  private String h2load;
  private String url;

  @BeforeEach
  void setUp() throws Exception {
    h2load = Processes.binary("h2load");
    processes = new Processes(dir);
    server = Http2Server.start(group, new InetSocketAddress("127.0.0.1", 0), Http2Config.defaults(), new EchoService());
    url = "http://127.0.0.1:" + server.port() + "/";
  }

  @AfterEach
  void tearDown() throws Exception {
    if (processes != null) {
      processes.close();
    }
    if (server != null) {
      server.close();
    }
    group.close();
  }

  @Test
  void tenThousandGetsOnEightConnectionsAllSucceed() throws Exception {
    Processes.Result r = processes.run(RUN_LIMIT, h2load, "-n", "10000", "-c", "8", "-m", "100", url);
    assertAllSucceeded(r, 10000);
  }

  @Test
  void tenThousandSmallPostsOnEightConnectionsAllSucceed() throws Exception {
    byte[] body = new byte[512];
    new Random(3).nextBytes(body);
    Path file = Files.write(dir.resolve("small.bin"), body);
    Processes.Result r = processes.run(RUN_LIMIT, h2load, "-n", "10000", "-c", "8", "-m", "100",
        "-d", file.toString(), url);
    assertAllSucceeded(r, 10000);
  }

  private static void assertAllSucceeded(Processes.Result r, int n) {
    assertEquals(0, r.exitCode(), r::toString);
    Matcher requests = REQUESTS.matcher(r.out());
    assertTrue(requests.find(), () -> "no requests: line\n" + r);
    String line = requests.group();
    assertTrue(line.contains(n + " succeeded, 0 failed, 0 errored"), () -> line + "\n" + r);
    assertTrue(line.startsWith("requests: " + n + " total, " + n + " started, " + n + " done"), () -> line + "\n" + r);
    Matcher codes = STATUS_CODES.matcher(r.out());
    assertTrue(codes.find(), () -> "no status codes: line\n" + r);
    assertEquals(Integer.toString(n), codes.group(1), () -> codes.group() + "\n" + r);
  }
}
