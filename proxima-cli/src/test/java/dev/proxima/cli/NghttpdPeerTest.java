package dev.proxima.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.proxima.internal.http2.Http2Client;
import dev.proxima.internal.http2.Http2Config;
import dev.proxima.internal.http2.Http2Connection;
import dev.proxima.internal.io.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our client against nghttp2's server, {@code nghttpd}, serving files from a directory over h2c. */
@Timeout(30)
final class NghttpdPeerTest {
  private static final byte[] SMALL = "a small file served by nghttpd\n".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;
  private final EventLoopGroup group = new EventLoopGroup(1, "nghttpd-peer-loop", true);
  private Processes processes;
  private Http2Connection client;
  private String authority;
  private byte[] big;

  @BeforeEach
  void setUp() throws Exception {
    String nghttpd = Processes.binary("nghttpd");
    Path htdocs = Files.createDirectory(dir.resolve("htdocs"));
    Files.write(htdocs.resolve("small.txt"), SMALL);
    big = new byte[2 << 20];
    new Random(17).nextBytes(big);
    Files.write(htdocs.resolve("big.bin"), big);
    processes = new Processes(Files.createDirectory(dir.resolve("logs")));
    int port = freePort();
    Process server = processes.start("nghttpd", nghttpd, "--no-tls", "-a", "127.0.0.1", "-d", htdocs.toString(),
        Integer.toString(port));
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
    awaitAccepting(server, address);
    authority = "127.0.0.1:" + port;
    client = Http2Client.connect(group.next(), address, Http2Config.defaults()).get(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      client.close();
    }
    if (processes != null) {
      processes.close();
    }
    group.close();
  }

  @Test
  void smallFileArrivesWithStatus200AndItsExactBytes() throws Exception {
    Exchange.Response r = Exchange.send(client, authority, "GET", "/small.txt", null).get(5, TimeUnit.SECONDS);
    assertEquals(200, r.status());
    assertArrayEquals(SMALL, r.body());
  }

  @Test
  void twoMebibyteFileArrivesWithStatus200AndItsExactBytes() throws Exception {
    Exchange.Response r = Exchange.send(client, authority, "GET", "/big.bin", null).get(15, TimeUnit.SECONDS);
    assertEquals(200, r.status());
    assertEquals(big.length, r.body().length, "body length");
    assertArrayEquals(big, r.body(), "body bytes");
  }

  @Test
  void bothFilesOnOneConnectionAtOnce() throws Exception {
    var small = Exchange.send(client, authority, "GET", "/small.txt", null);
    var large = Exchange.send(client, authority, "GET", "/big.bin", null);
    assertArrayEquals(SMALL, small.get(5, TimeUnit.SECONDS).body());
    assertArrayEquals(big, large.get(15, TimeUnit.SECONDS).body());
  }

  @Test
  void missingFileIsAnswered404() throws Exception {
    Exchange.Response r = Exchange.send(client, authority, "GET", "/nope", null).get(5, TimeUnit.SECONDS);
    assertEquals(404, r.status());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private void awaitAccepting(Process server, InetSocketAddress address) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        fail("nghttpd exited with " + server.exitValue() + ":\n" + processes.log("nghttpd"));
      }
      try (Socket s = new Socket()) {
        s.connect(address, 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    fail("nghttpd did not accept on " + address + " within 5 s:\n" + processes.log("nghttpd"));
  }
}
