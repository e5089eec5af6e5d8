package io.grpc.testing.integration;

/**
 * grpc-java's own interop server ({@link TestServiceServer}, from {@code grpc-interop-testing}),
 * started in this JVM. It lives in grpc-java's package because {@code parseArgs}, {@code start},
 * {@code getPort} and {@code stop} are package-private there.
 */
public final class GrpcJavaInteropServer implements AutoCloseable {
  private final TestServiceServer server = new TestServiceServer();

  private GrpcJavaInteropServer() {}

  /** Starts grpc-java's interop server on a free port with {@code args} (as its command line). */
  public static GrpcJavaInteropServer start(String... args) throws Exception {
    GrpcJavaInteropServer s = new GrpcJavaInteropServer();
    String[] all = new String[args.length + 1];
    all[0] = "--port=0";
    System.arraycopy(args, 0, all, 1, args.length);
    s.server.parseArgs(all);
    s.server.start();
    return s;
  }

  /** The port it listens on. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
