package dev.proxima.bench.clientload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Client-side comparison, Proxima's client against grpc-java's on the same server: the same closed
 * loop ({@link ClosedLoop}) drives one library or the other ({@code --client}). Prints one summary
 * line ({@link LoadSummary#line()}) and optionally writes it as JSON ({@code --json=FILE}).
 *
 * <pre>
 * java -cp proxima-bench/target/benchmarks.jar dev.proxima.bench.clientload.ClientLoad \
 *     --client=grpc-java --target=127.0.0.1:50140 --connections=4 --streams=64 --duration=10 --warmup=5
 * </pre>
 *
 * Exit status: 0 when every call succeeded, 1 when any failed or never ended (or the first call on a
 * connection failed), 2 for bad flags.
 */
public final class ClientLoad {
  private ClientLoad() {}

  public static void main(String[] args) throws InterruptedException, IOException {
    ClientLoadOptions options;
    try {
      options = ClientLoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("ClientLoad: " + e.getMessage());
      System.err.println(ClientLoadOptions.USAGE);
      System.exit(2);
      return;
    }
    LoadSummary summary;
    try (UnaryDriver driver = driver(options)) {
      summary = new ClosedLoop(driver, options).run();
    } catch (IllegalStateException e) {
      System.err.println("ClientLoad: " + e.getMessage());
      System.exit(1);
      return;
    }
    System.out.println(summary.line());
    if (options.json() != null) {
      Files.writeString(Path.of(options.json()), summary.json());
    }
    System.exit(summary.clean() ? 0 : 1);
  }

  private static UnaryDriver driver(ClientLoadOptions o) {
    return switch (o.client()) {
      case "proxima" -> new ProximaDriver(o.host(), o.port(), o.connections(), o.request());
      case "grpc-java" -> new GrpcJavaDriver(o.host(), o.port(), o.connections(), o.request());
      default -> throw new IllegalArgumentException("unknown client " + o.client());
    };
  }
}
