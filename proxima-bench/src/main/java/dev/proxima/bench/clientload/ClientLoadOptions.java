package dev.proxima.bench.clientload;

import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The flags of {@link ClientLoad}, checked.
 *
 * @param client {@code proxima} or {@code grpc-java}
 * @param request the serialized request message (default {@code SimpleRequest{response_size: 16}})
 * @param json where to write the summary as JSON, or null
 */
record ClientLoadOptions(
    String client,
    String host,
    int port,
    int connections,
    int streams,
    Duration duration,
    Duration warmup,
    byte[] request,
    String json) {

  static final Set<String> CLIENTS = Set.of("proxima", "grpc-java");
  private static final Set<String> KNOWN =
      Set.of("client", "target", "connections", "streams", "duration", "warmup", "request-hex", "json");

  static final String USAGE = """
      usage: ClientLoad --client=proxima|grpc-java --target=HOST:PORT [--connections=N] [--streams=M]
                        [--duration=SECONDS] [--warmup=SECONDS] [--request-hex=HEX] [--json=FILE]
        closed loop of unary calls to grpc.testing.BenchmarkService/UnaryCall: N connections (default 4),
        M calls open on each (default 64); --duration measured (default 10) after --warmup (default 5);
        --request-hex is the serialized request (default 1010: SimpleRequest{response_size: 16})""";

  String target() {
    return host + ":" + port;
  }

  /** Parses {@code --name=value} flags; throws IllegalArgumentException naming the flag at fault. */
  static ClientLoadOptions parse(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 0 || !KNOWN.contains(a.substring(2, eq))) {
        throw new IllegalArgumentException("unknown or malformed flag '" + a + "' (expected --name=value)");
      }
      flags.put(a.substring(2, eq), a.substring(eq + 1));
    }
    String client = flags.getOrDefault("client", "");
    if (!CLIENTS.contains(client)) {
      throw new IllegalArgumentException("--client must be proxima or grpc-java, got '" + client + "'");
    }
    String target = flags.getOrDefault("target", "");
    int colon = target.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("--target must be HOST:PORT, got '" + target + "'");
    }
    return new ClientLoadOptions(client, target.substring(0, colon),
        number("port of --target", target.substring(colon + 1), 1, 65535),
        number("connections", flags.getOrDefault("connections", "4"), 1, 1024),
        number("streams", flags.getOrDefault("streams", "64"), 1, 100_000),
        Duration.ofSeconds(number("duration", flags.getOrDefault("duration", "10"), 1, 86_400)),
        Duration.ofSeconds(number("warmup", flags.getOrDefault("warmup", "5"), 0, 86_400)),
        HexFormat.of().parseHex(flags.getOrDefault("request-hex", "1010")),
        flags.get("json"));
  }

  private static int number(String name, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be a whole number within " + min + ".." + max + ", got '" + value + "'");
  }
}
