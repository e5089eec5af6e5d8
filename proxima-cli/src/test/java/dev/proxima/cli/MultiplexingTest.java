package dev.proxima.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.http2.Http2Client;
import dev.proxima.internal.http2.Http2Config;
import dev.proxima.internal.http2.Http2Connection;
import dev.proxima.internal.http2.Http2Server;
import dev.proxima.internal.http2.Http2Stream;
import dev.proxima.internal.http2.Http2StreamListener;
import dev.proxima.internal.io.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Head-of-line freedom: on one connection, a request the server answers only after 2 s holds up
 * nothing behind it; a hundred later requests are all answered while it is still pending.
 */
@Timeout(15)
final class MultiplexingTest {
  private static final long SLOW_SECONDS = 2;

  private final EventLoopGroup group = new EventLoopGroup(2, "multiplexing-loop", true);
  private Http2Server server;
  private Http2Connection client;
  private String authority;

  @BeforeEach
  void setUp() throws Exception {
    server = Http2Server.start(group, new InetSocketAddress("127.0.0.1", 0), Http2Config.defaults(),
        stream -> new SlowOrFast());
    authority = "127.0.0.1:" + server.port();
    client = Http2Client.connect(group.next(), server.localAddress(), Http2Config.defaults()).get(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    group.close();
  }

  @Test
  void aSlowResponseDoesNotDelayTheHundredRequestsBehindIt() throws Exception {
    long start = System.nanoTime();
    CompletableFuture<Exchange.Response> slow = Exchange.send(client, authority, "GET", "/slow", null);
    List<CompletableFuture<Exchange.Response>> fast = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      fast.add(Exchange.send(client, authority, "GET", "/fast/" + i, null));
    }

    CompletableFuture.allOf(fast.toArray(CompletableFuture[]::new)).get(SLOW_SECONDS * 1000 / 2, TimeUnit.MILLISECONDS);
    long fastMillis = (System.nanoTime() - start) / 1_000_000;
    assertFalse(slow.isDone(), "the slow response must still be pending when the fast ones are all done");
    for (int i = 0; i < 100; i++) {
      Exchange.Response r = fast.get(i).getNow(null);
      assertEquals(200, r.status());
      assertEquals("/fast/" + i, new String(r.body(), StandardCharsets.UTF_8));
    }
    assertTrue(fastMillis < 1000, "100 fast requests took " + fastMillis + " ms");

    Exchange.Response r = slow.get(SLOW_SECONDS + 3, TimeUnit.SECONDS);
    long slowMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(200, r.status());
    assertEquals("/slow", new String(r.body(), StandardCharsets.UTF_8));
    assertTrue(slowMillis >= SLOW_SECONDS * 1000 - 50, "slow answered after only " + slowMillis + " ms");
  }

  /** Answers with the request's path as the body: "/slow" after 2 s (a timer, the loop never blocks), the rest at once. */
  private static final class SlowOrFast implements Http2StreamListener {
    @Override
    public void onHeaders(Http2Stream stream, List<HeaderField> headers, boolean endStream) {
      String path = headers.stream().filter(f -> f.name().equals(":path")).map(HeaderField::value)
          .findFirst().orElse("");
      if (path.equals("/slow")) {
        stream.loop().schedule(() -> answer(stream, path), SLOW_SECONDS, TimeUnit.SECONDS);
      } else {
        answer(stream, path);
      }
    }

    private static void answer(Http2Stream stream, String path) {
      stream.sendHeaders(List.of(new HeaderField(":status", "200")), false);
      stream.sendData(ByteBuffer.wrap(path.getBytes(StandardCharsets.UTF_8)), true);
    }
  }
}
