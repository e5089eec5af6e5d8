package dev.proxima.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.proxima.benchmarks.LoadOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ./proxima bench} flags: parsed into {@link LoadOptions}, bad ones rejected with a clear message. */
final class BenchCommandTest {
  private static String error(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> BenchCommand.parse(Flags.parse(args))).getMessage();
  }

  @Test
  void parsesAFullCommandLine() {
    LoadOptions o = BenchCommand.parse(Flags.parse(new String[] {"--target=127.0.0.1:50160",
        "--data={\"responseSize\":16}", "--connections=4", "--streams=64", "--duration=1.5s", "--warmup=500ms",
        "--rate=2000"}));
    assertEquals("127.0.0.1", o.host());
    assertEquals(50160, o.port());
    assertEquals("grpc.testing.BenchmarkService/UnaryCall", o.method());
    assertArrayEquals(new byte[] {0x10, 0x10}, o.request()); // SimpleRequest{response_size: 16}
    assertEquals(4, o.connections());
    assertEquals(64, o.streams());
    assertEquals(Duration.ofMillis(1500), o.duration());
    assertEquals(Duration.ofMillis(500), o.warmup());
    assertEquals(2000, o.rate());
  }

  @Test
  void countInsteadOfDuration() {
    LoadOptions o = BenchCommand.parse(Map.of("target", "[::1]:1", "count", "10"));
    assertEquals("::1", o.host());
    assertEquals(10, o.count());
    assertNull(o.duration());
  }

  @Test
  void rejectsBadFlagsWithTheirName() {
    assertEquals("--target=HOST:PORT is required", error("--count=1"));
    assertEquals("--connections must be >= 1, got 0", error("--target=h:1", "--connections=0"));
    assertEquals("--streams must be >= 1, got -2", error("--target=h:1", "--streams=-2"));
    assertEquals("--count must be >= 1, got 0", error("--target=h:1", "--count=0"));
    assertEquals("give --duration or --count, not both", error("--target=h:1", "--count=5", "--duration=1s"));
    assertEquals("--rate must be > 0, got 0", error("--target=h:1", "--rate=0"));
    assertEquals("--duration must be a duration like 10s, 500ms or 2m, got 'soon'", error("--target=h:1", "--duration=soon"));
    assertEquals("--method grpc.testing.BenchmarkService/StreamingCall is a streaming method; only unary methods are driven",
        error("--target=h:1", "--method=grpc.testing.BenchmarkService/StreamingCall"));
    assertEquals("--target port must be within 1..65535, got 70000", error("--target=h:70000"));
  }
}
