package dev.proxima.bench.clientload;

/**
 * One client library as {@link ClosedLoop} sees it: a fixed set of connections, each able to start
 * a unary call of the benchmark method that carries the same pre-serialized request. Requests and
 * responses are raw bytes on both libraries (no protobuf), and the listener of every call runs on
 * the library's event loop (no thread hop).
 *
 * <p>Threading: {@link #start} may be called from any thread, including from inside a
 * {@link CallEnd}; {@link CallEnd#ended} runs on the connection's event loop.
 */
interface UnaryDriver extends AutoCloseable {
  /** The method both libraries call: BenchmarkService's unary call, as grpc-java's qps benchmarks use it. */
  String METHOD = "grpc.testing.BenchmarkService/UnaryCall";

  /** Starts one call on connection {@code connection} (0-based); {@code end} hears how it ended. */
  void start(int connection, CallEnd end);

  /** What the library runs on (transport, event loops), for the report. */
  String transport();

  /** Name prefix of the library's event-loop threads, to count them after a run. */
  String loopThreadPrefix();

  /** Closes every connection now. */
  @Override
  void close();

  /** The end of one call. */
  @FunctionalInterface
  interface CallEnd {
    /**
     * @param statusCode the name of the gRPC status code ({@code "OK"} for success)
     * @param responseBytes the bytes of the response messages received (0 when none)
     */
    void ended(String statusCode, int responseBytes);
  }
}
