package dev.proxima.cli;

import dev.proxima.internal.http2.Http2Config;
import dev.proxima.internal.http2.Http2Server;
import dev.proxima.internal.io.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code ./proxima echo-server --port=N}: the echo server alone, until the process is stopped. */
final class EchoServerCommand {
  private EchoServerCommand() {}

  static int run(Map<String, String> flags) throws Exception {
    int port;
    int threads;
    try {
      checkKnown(flags, Set.of("port", "host", "threads"));
      if (!flags.containsKey("port")) {
        throw new IllegalArgumentException("--port=N is required (0 picks a free port)");
      }
      port = Flags.intFlag(flags, "port", 0, 0, 65535);
      threads = Flags.intFlag(flags, "threads", EventLoopGroup.defaultThreads(), 1, 1024);
    } catch (IllegalArgumentException e) {
      System.err.println("proxima echo-server: " + e.getMessage());
      return 2;
    }
    String host = flags.getOrDefault("host", "0.0.0.0");
    EventLoopGroup group = new EventLoopGroup(threads, "proxima-loop", false);
    Http2Server server = Http2Server.start(group, new InetSocketAddress(host, port), Http2Config.defaults(),
        new EchoService());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join();
      group.close();
      stopped.countDown();
    }, "proxima-shutdown"));
    System.out.println("echo server listening on " + host + ":" + server.port() + " (h2c, "
        + threads + " event loops)");
    stopped.await();
    return 0;
  }

  static void checkKnown(Map<String, String> flags, Set<String> known) {
    for (String f : flags.keySet()) {
      if (!known.contains(f)) {
        throw new IllegalArgumentException("unknown flag --" + f
            + (known.isEmpty() ? " (this command takes no flags)" : " (known: --" + String.join(", --", known) + ")"));
      }
    }
  }
}
