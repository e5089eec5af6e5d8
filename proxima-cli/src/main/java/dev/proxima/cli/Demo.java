package dev.proxima.cli;

import dev.proxima.examples.ExamplesDemo;
import dev.proxima.internal.http2.Http2Client;
import dev.proxima.internal.http2.Http2Config;
import dev.proxima.internal.http2.Http2Connection;
import dev.proxima.internal.http2.Http2Server;
import dev.proxima.internal.io.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./proxima demo}: starts the HTTP/2 echo server and shows a client using it: a GET, a
 * POST, a hundred requests multiplexed on one connection, a large body through flow control, a
 * PING round trip and a graceful shutdown; then the gRPC part ({@link GrpcDemo}) and the
 * contract-first examples generated from {@code .proto} ({@link ExamplesDemo}). Exits non-zero if
 * any answer is wrong.
 */
final class Demo {
  private Demo() {}

  static int run(Map<String, String> flags) throws Exception {
    try (EventLoopGroup group = new EventLoopGroup(EventLoopGroup.defaultThreads(), "proxima-loop", true)) {
      Http2Server server = Http2Server.start(group, new InetSocketAddress("127.0.0.1", 0), Http2Config.defaults(),
          new EchoService());
      String authority = "127.0.0.1:" + server.port();
      System.out.println("echo server on " + authority);
      Http2Connection client = Http2Client.connect(group.next(), server.localAddress(), Http2Config.defaults())
          .get(5, TimeUnit.SECONDS);
      System.out.println("client connected (prior-knowledge h2c, SETTINGS exchanged)");

      Exchange.Response get = Exchange.send(client, authority, "GET", "/", null).get(5, TimeUnit.SECONDS);
      check(get.status() == 200, "GET status " + get.status());
      System.out.print("GET /          -> " + get.status() + " " + new String(get.body(), StandardCharsets.UTF_8));

      byte[] hello = "hello, proxima".getBytes(StandardCharsets.UTF_8);
      Exchange.Response post = Exchange.send(client, authority, "POST", "/echo", hello).get(5, TimeUnit.SECONDS);
      check(Arrays.equals(post.body(), hello), "POST echo body differs");
      System.out.println("POST /echo     -> " + post.status() + " '" + new String(post.body(), StandardCharsets.UTF_8) + "'");

      long start = System.nanoTime();
      List<CompletableFuture<Exchange.Response>> many = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        many.add(Exchange.send(client, authority, "POST", "/echo", ("request " + i).getBytes(StandardCharsets.UTF_8)));
      }
      for (int i = 0; i < 100; i++) {
        Exchange.Response r = many.get(i).get(10, TimeUnit.SECONDS);
        check(new String(r.body(), StandardCharsets.UTF_8).equals("request " + i), "multiplexed echo " + i);
      }
      System.out.printf("100 POSTs multiplexed on one connection -> all echoed in %.1f ms%n",
          (System.nanoTime() - start) / 1e6);

      byte[] big = new byte[8 << 20];
      new Random(42).nextBytes(big);
      start = System.nanoTime();
      Exchange.Response large = Exchange.send(client, authority, "POST", "/echo", big).get(30, TimeUnit.SECONDS);
      check(Arrays.equals(large.body(), big), "8 MiB echo differs");
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("8 MiB POST     -> echoed intact in %.1f ms (%.0f MiB/s each way, flow-controlled)%n",
          seconds * 1e3, 8 / seconds);

      long rtt = client.ping().get(5, TimeUnit.SECONDS);
      System.out.printf("PING           -> ACK after %.1f us%n", rtt / 1e3);

      client.shutdown();
      client.closeFuture().get(5, TimeUnit.SECONDS);
      server.shutdown().get(5, TimeUnit.SECONDS);
      System.out.println("client sent GOAWAY, server shut down gracefully");
      System.out.println();
      GrpcDemo.run();
      System.out.println();
      ExamplesDemo.run(System.out);
      System.out.println("demo OK");
      return 0;
    } catch (DemoFailure | IllegalStateException e) {
      System.err.println("demo FAILED: " + e.getMessage());
      return 1;
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new DemoFailure(what);
    }
  }

  private static final class DemoFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DemoFailure(String message) {
      super(message);
    }
  }
}
