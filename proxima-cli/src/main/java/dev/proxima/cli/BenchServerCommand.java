package dev.proxima.cli;

import dev.proxima.Server;
import dev.proxima.benchmarks.BenchServer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./proxima bench-server --port=N}: {@code grpc.testing.BenchmarkService} (the service
 * grpc-java's benchmarks use) with its handlers on the event loop, until the process is stopped.
 */
final class BenchServerCommand {
  private BenchServerCommand() {}

  static int run(Map<String, String> flags) throws Exception {
    int port;
    int threads;
    int maxMessageSize;
    try {
      EchoServerCommand.checkKnown(flags, Set.of("port", "host", "threads", "max-message-size"));
      if (!flags.containsKey("port")) {
        throw new IllegalArgumentException("--port=N is required (0 picks a free port)");
      }
      port = Flags.intFlag(flags, "port", 0, 0, 65535);
      threads = Flags.intFlag(flags, "threads", 0, 0, 1024);
      maxMessageSize = Flags.intFlag(flags, "max-message-size", 0, 0, Integer.MAX_VALUE);
    } catch (IllegalArgumentException e) {
      System.err.println("proxima bench-server: " + e.getMessage());
      return 2;
    }
    String host = flags.getOrDefault("host", "0.0.0.0");
    Server server = BenchServer.start(host, port, threads, maxMessageSize);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown();
      try {
        server.awaitTermination(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server.shutdownNow();
      stopped.countDown();
    }, "proxima-shutdown"));
    System.out.println("bench server listening on " + host + ":" + server.port()
        + " (grpc.testing.BenchmarkService, h2c, handlers on the event loop)");
    stopped.await();
    return 0;
  }
}
