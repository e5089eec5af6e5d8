package dev.proxima.cli;

import dev.proxima.interop.InteropClient;
import dev.proxima.interop.InteropServer;
import java.util.Arrays;
import java.util.Map;

/**
 * Entry point of the {@code ./proxima} launcher: the first argument names a command, the rest are
 * its {@code --flag=value} options.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
      usage();
      return;
    }
    // The interop commands take gRPC's interop flags as they come (and set their own exit status).
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "interop-server" -> {
        InteropServer.main(rest);
        return;
      }
      case "interop-client" -> {
        InteropClient.main(rest);
        return;
      }
      default -> { }
    }
    Map<String, String> flags;
    try {
      flags = Flags.parse(Arrays.copyOfRange(args, 1, args.length));
    } catch (IllegalArgumentException e) {
      System.err.println("proxima " + args[0] + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    int status = switch (args[0]) {
      case "demo" -> Demo.run(flags);
      case "echo-server" -> EchoServerCommand.run(flags);
      case "bench-server" -> BenchServerCommand.run(flags);
      case "bench" -> BenchCommand.run(flags);
      case "cds-training" -> ClassArchiveTraining.run(flags);
      default -> {
        System.err.println("proxima: unknown command '" + args[0] + "'");
        usage();
        yield 2;
      }
    };
    if (status != 0) {
      System.exit(status);
    }
  }

  private static void usage() {
    System.out.println("""
        usage: ./proxima COMMAND [--flag=value ...]
          demo                          start an HTTP/2 echo server and exercise it with a client
          echo-server --port=N          HTTP/2 (h2c) echo server: POST bodies come back, GET gets a text
                      [--host=ADDR] [--threads=N]
          interop-server --port=N       grpc.testing.TestService, gRPC's interop test server
                      [--use_tls=true]  (TLS with grpc-java's test certificate server1.pem)
          interop-client --server_host=H --server_port=P --test_case=NAME
                      [--use_tls=true --use_test_ca=true --server_host_override=foo.test.google.fr]
                                        one interop case; exit status 0 only if it passed
          bench-server --port=N         grpc.testing.BenchmarkService (grpc-java's benchmark service), handlers
                      [--host=ADDR] [--threads=N]   on the event loop
                      [--max-message-size=BYTES]   largest request accepted (default 4 MiB)
          bench --target=HOST:PORT      load generator (the role ghz plays): unary calls, closed loop or
                      [--method=...] [--data=JSON | --data-file=F] [--connections=N] [--streams=M]
                      [--duration=10s | --count=N] [--rate=R] [--warmup=5s] [--json=FILE]
                                        (./proxima bench --help for details)
          test                          install what the tests need and run them all
          cds-training                  a short bench-server + bench run; the launcher records the classes
                                        it loads into a class-data-sharing archive (faster start-up)
        """);
  }
}
