package dev.proxima.cli;

import com.google.protobuf.Descriptors;
import dev.proxima.benchmarks.LoadGenerator;
import dev.proxima.benchmarks.LoadOptions;
import dev.proxima.benchmarks.LoadResult;
import dev.proxima.benchmarks.RequestEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./proxima bench --target=HOST:PORT ...}: the load generator (unary calls against any gRPC
 * server). Prints requests/s, latency percentiles and errors by status; {@code --json=FILE} also
 * writes them as JSON.
 */
final class BenchCommand {
  private static final String DEFAULT_METHOD = "grpc.testing.BenchmarkService/UnaryCall";
  private static final Set<String> KNOWN = Set.of("target", "method", "data", "data-file", "connections",
      "streams", "duration", "count", "rate", "warmup", "json", "help");

  private BenchCommand() {}

  static int run(Map<String, String> flags) throws Exception {
    if (flags.containsKey("help")) {
      usage();
      return 0;
    }
    LoadOptions options;
    try {
      options = parse(flags);
    } catch (IllegalArgumentException e) {
      System.err.println("proxima bench: " + e.getMessage());
      return 2;
    }
    LoadResult result;
    try {
      result = new LoadGenerator(options).run();
    } catch (IllegalStateException e) {
      System.err.println("proxima bench: " + e.getMessage());
      return 1;
    }
    System.out.print(result.text());
    String json = flags.get("json");
    if (json != null) {
      Files.writeString(Path.of(json), result.json());
      System.out.println("json:        " + json);
    }
    return result.total() > 0 && result.ok() == result.total() ? 0 : 1;
  }

  static LoadOptions parse(Map<String, String> flags) {
    EchoServerCommand.checkKnown(flags, KNOWN);
    String target = flags.get("target");
    if (target == null) {
      throw new IllegalArgumentException("--target=HOST:PORT is required");
    }
    int colon = target.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("--target must be HOST:PORT, got '" + target + "'");
    }
    String host = target.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(target.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--target port must be a number, got '" + target.substring(colon + 1) + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--target port must be within 1..65535, got " + port);
    }
    String method = flags.getOrDefault("method", DEFAULT_METHOD);
    if (method.startsWith("/")) {
      method = method.substring(1);
    }
    Descriptors.MethodDescriptor known = RequestEncoder.findMethod(method);
    if (known != null && (known.isClientStreaming() || known.isServerStreaming())) {
      throw new IllegalArgumentException("--method " + method + " is a streaming method; only unary methods are driven");
    }
    if (flags.containsKey("data") && flags.containsKey("data-file")) {
      throw new IllegalArgumentException("give --data or --data-file, not both");
    }
    byte[] request;
    if (flags.containsKey("data-file")) {
      try {
        request = Files.readAllBytes(Path.of(flags.get("data-file")));
      } catch (IOException e) {
        throw new IllegalArgumentException("--data-file: cannot read " + flags.get("data-file") + ": " + e);
      }
    } else {
      String json = flags.getOrDefault("data", "{}");
      request = known == null && json.equals("{}") ? new byte[0] : RequestEncoder.fromJson(method, json);
    }
    int connections = intAtLeast(flags, "connections", 1, 1);
    int streams = intAtLeast(flags, "streams", 1, 1);
    long count = 0;
    if (flags.containsKey("count")) {
      try {
        count = Long.parseLong(flags.get("count"));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--count must be a number, got '" + flags.get("count") + "'");
      }
      if (count < 1) {
        throw new IllegalArgumentException("--count must be >= 1, got " + count);
      }
    }
    if (count > 0 && flags.containsKey("duration")) {
      throw new IllegalArgumentException("give --duration or --count, not both");
    }
    Duration duration = count > 0 ? null : duration(flags, "duration", "10s");
    if (duration != null && duration.isZero()) {
      throw new IllegalArgumentException("--duration must be > 0");
    }
    double rate = 0;
    if (flags.containsKey("rate")) {
      try {
        rate = Double.parseDouble(flags.get("rate"));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--rate must be a number of calls per second, got '" + flags.get("rate") + "'");
      }
      if (!(rate > 0)) {
        throw new IllegalArgumentException("--rate must be > 0, got " + flags.get("rate"));
      }
    }
    Duration warmup = duration(flags, "warmup", "0s");
    return new LoadOptions(host, port, method, request, connections, streams, duration, count, rate, warmup);
  }

  private static int intAtLeast(Map<String, String> flags, String name, int dflt, int min) {
    String v = flags.get(name);
    if (v == null) {
      return dflt;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, got '" + v + "'");
    }
    if (n < min) {
      throw new IllegalArgumentException("--" + name + " must be >= " + min + ", got " + n);
    }
    return n;
  }

  /** {@code 10s}, {@code 500ms}, {@code 2m} or a plain number of seconds. */
  static Duration duration(Map<String, String> flags, String name, String dflt) {
    String v = flags.getOrDefault(name, dflt).trim();
    try {
      if (v.endsWith("ms")) {
        return nonNegative(name, Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))));
      }
      if (v.endsWith("s")) {
        return nonNegative(name, Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000)));
      }
      if (v.endsWith("m")) {
        return nonNegative(name, Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000)));
      }
      return nonNegative(name, Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a duration like 10s, 500ms or 2m, got '" + v + "'");
    }
  }

  private static Duration nonNegative(String name, Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("--" + name + " must be >= 0, got " + d);
    }
    return d;
  }

  private static void usage() {
    System.out.println("""
        usage: ./proxima bench --target=HOST:PORT [flags]
          --method=SVC/METHOD    unary method (default grpc.testing.BenchmarkService/UnaryCall)
          --data=JSON            the request in proto3 JSON (BenchmarkService methods), e.g. '{"responseSize":16}'
          --data-file=FILE       the request as binary protobuf (any method)
          --connections=N        connections (default 1)
          --streams=M            concurrent calls per connection (default 1)
          --duration=10s         how long to measure (default 10s), or
          --count=N              how many calls to measure
          --rate=R               open loop: start R calls/s on a clock, latency from the scheduled start
          --warmup=5s            load applied first and not counted (default 0s)
          --json=FILE            also write the report as JSON
        """);
  }
}
