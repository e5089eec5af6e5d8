package dev.proxima.benchmarks;

import dev.proxima.HandlerExecution;
import dev.proxima.Server;
import dev.proxima.ServerBuilder;
import io.grpc.benchmarks.proto.BenchmarkServiceProxima;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A Proxima server hosting {@link BenchmarkServiceImpl} with its handlers on the event loop
 * (declared non-blocking: no thread hop per call).
 */
public final class BenchServer {
  private BenchServer() {}

  /**
   * Starts the benchmark server on {@code host:port} (port 0 picks a free one).
   *
   * @param eventLoops event loop threads, or 0 for the server's default
   */
  public static Server start(String host, int port, int eventLoops) throws IOException {
    return start(host, port, eventLoops, 0);
  }

  /**
   * As {@link #start(String, int, int)}, with the largest request message accepted.
   *
   * @param maxMessageSize bytes, or 0 for the server's default (4 MiB)
   */
  public static Server start(String host, int port, int eventLoops, int maxMessageSize) throws IOException {
    ServerBuilder builder = ServerBuilder.forAddress(new InetSocketAddress(host, port))
        .addService(BenchmarkServiceProxima.bindService(new BenchmarkServiceImpl())
            .withExecution(HandlerExecution.eventLoop()));
    if (maxMessageSize > 0) {
      builder.maxInboundMessageSize(maxMessageSize);
    }
    if (eventLoops > 0) {
      builder.eventLoopThreads(eventLoops);
    }
    return builder.build().start();
  }
}
