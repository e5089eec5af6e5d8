// grpc-java's qps.AsyncServer service (io.grpc.benchmarks.qps.AsyncServer.BenchmarkServiceImpl, the
// same handlers bench-server.sh runs) on a NettyServerBuilder whose inbound message limit is raised:
// AsyncServer itself has no flag for it and keeps grpc-java's 4 MiB default. Used by
// bench/compare-more.sh for the 64 MiB unary workload; run as a single-file source program:
//   java -cp "$PEER_LIB/*" bench/GrpcJavaBigServer.java PORT [MAX_MESSAGE_BYTES]
import io.grpc.Server;
import io.grpc.benchmarks.qps.AsyncServer;
import io.grpc.netty.NettyServerBuilder;

public class GrpcJavaBigServer {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int max = args.length > 1 ? Integer.parseInt(args[1]) : 256 << 20;
    Server server = NettyServerBuilder.forPort(port)
        .addService(new AsyncServer.BenchmarkServiceImpl())
        .maxInboundMessageSize(max)
        .build()
        .start();
    System.out.println("grpc-java big-message server on " + port + ", maxInboundMessageSize=" + max);
    server.awaitTermination();
  }
}
