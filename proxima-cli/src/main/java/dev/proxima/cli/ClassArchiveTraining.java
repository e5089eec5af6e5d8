package dev.proxima.cli;

import dev.proxima.Server;
import dev.proxima.benchmarks.BenchServer;
import dev.proxima.benchmarks.LoadGenerator;
import dev.proxima.benchmarks.LoadOptions;
import dev.proxima.benchmarks.LoadResult;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./proxima cds-training}: what the launcher runs once per build under
 * {@code -XX:ArchiveClassesAtExit}, so that later runs map the classes a server and a client load
 * from a class-data-sharing archive instead of reading and verifying them from the jar (start-up).
 * Starts the benchmark server on a free loopback port, drives a few hundred calls at it with the
 * load generator, and stops. Prints nothing when all went well.
 */
final class ClassArchiveTraining {
  private ClassArchiveTraining() {}

  static int run(Map<String, String> flags) throws Exception {
    try {
      EchoServerCommand.checkKnown(flags, Set.of());
    } catch (IllegalArgumentException e) {
      System.err.println("proxima cds-training: " + e.getMessage());
      return 2;
    }
    Server server = BenchServer.start("127.0.0.1", 0, 1);
    try {
      LoadOptions options = BenchCommand.parse(Map.of("target", "127.0.0.1:" + server.port(), "count", "200",
          "connections", "2", "streams", "4", "warmup", "0s", "data", "{\"responseSize\":16}"));
      LoadResult result = new LoadGenerator(options).run();
      if (result.ok() != result.total()) {
        System.err.println("proxima cds-training: " + (result.total() - result.ok()) + " calls failed");
        return 1;
      }
      return 0;
    } finally {
      server.shutdownNow();
    }
  }
}
