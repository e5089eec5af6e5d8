package dev.proxima.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.internal.http2.Http2Config;
import dev.proxima.internal.http2.Http2Server;
import dev.proxima.internal.io.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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

/** Our echo server against nghttp2's client, {@code nghttp}, an independent HTTP/2 implementation. */
@Timeout(30)
final class NghttpPeerTest {
  private static final Duration RUN_LIMIT = Duration.ofSeconds(15);

  @TempDir
  Path dir;
  private final EventLoopGroup group = new EventLoopGroup(2, "nghttp-peer-loop", true);
  private Http2Server server;
  private Processes processes;
  private String nghttp;
  private String url;

  @BeforeEach
  void setUp() throws Exception {
    nghttp = Processes.binary("nghttp");
    processes = new Processes(dir);
    server = Http2Server.start(group, new InetSocketAddress("127.0.0.1", 0), Http2Config.defaults(), new EchoService());
    url = "http://127.0.0.1:" + server.port() + "/echo";
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
  void getPrintsTheServersText() throws Exception {
    Processes.Result r = processes.run(RUN_LIMIT, nghttp, url);
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(EchoService.GET_TEXT, r.out(), r::toString);
  }

  @Test
  void postOfASmallFileComesBackByteForByte() throws Exception {
    byte[] body = "hello from nghttp\n".getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(dir.resolve("small.bin"), body);
    Processes.Result r = processes.run(RUN_LIMIT, nghttp, "-d", file.toString(), url);
    assertEquals(0, r.exitCode(), r::toString);
    assertArrayEquals(body, r.stdout(), r::toString);
  }

  @Test
  void postOfAOneMegabyteRandomFileComesBackByteForByte() throws Exception {
    byte[] body = new byte[1 << 20];
    new Random(7).nextBytes(body);
    Path file = Files.write(dir.resolve("big.bin"), body);
    Processes.Result r = processes.run(RUN_LIMIT, nghttp, "-d", file.toString(), url);
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(body.length, r.stdout().length, "echoed length");
    assertArrayEquals(body, r.stdout(), "echoed bytes");
  }

  @Test
  void verboseOutputShowsSettingsExchangedBothWaysAndStatus200() throws Exception {
    Processes.Result r = processes.run(RUN_LIMIT, nghttp, "-v", url);
    assertEquals(0, r.exitCode(), r::toString);
    String out = r.out();
    assertTrue(out.contains("send SETTINGS frame"), () -> "nghttp sent no SETTINGS\n" + r);
    assertTrue(out.contains("recv SETTINGS frame <length="), () -> "server sent no SETTINGS\n" + r);
    assertTrue(Pattern.compile("recv SETTINGS frame <length=0, flags=0x01").matcher(out).find(),
        () -> "server did not acknowledge nghttp's SETTINGS\n" + r);
    assertTrue(out.contains(":status: 200"), () -> "no :status: 200\n" + r);
  }

  @Test
  void oneHundredRequestsMultiplexedOnOneConnectionAllSucceed() throws Exception {
    int n = 100;
    Processes.Result r = processes.run(RUN_LIMIT, nghttp, "-v", "-m", Integer.toString(n), url);
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(n, count(r.out(), Pattern.compile("recv \\(stream_id=\\d+\\) :status: 200")), r::toString);
    assertEquals(n, count(r.out(), Pattern.compile("recv DATA frame <[^>]*>\\s*; END_STREAM")), r::toString);
    assertEquals(0, count(r.out(), Pattern.compile("RST_STREAM|recv GOAWAY")), r::toString);
  }

  @Test
  void severalUrisInOneInvocationShareTheConnectionAndAllSucceed() throws Exception {
    String base = "http://127.0.0.1:" + server.port();
    Processes.Result r = processes.run(RUN_LIMIT, nghttp, "-v", base + "/a", base + "/b", base + "/c", base + "/d");
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals(4, count(r.out(), Pattern.compile("recv \\(stream_id=\\d+\\) :status: 200")), r::toString);
    assertEquals(1, count(r.out(), Pattern.compile("Connected")), r::toString);
  }

  private static int count(String text, Pattern pattern) {
    Matcher m = pattern.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
