package proxima.bench.vertx;

import com.google.protobuf.ByteString;
import io.grpc.benchmarks.proto.Messages.Payload;
import io.grpc.benchmarks.proto.Messages.SimpleRequest;
import io.grpc.benchmarks.proto.Messages.SimpleResponse;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;

/**
 * A minimal Vert.x gRPC server for grpc.testing.BenchmarkService (UnaryCall, StreamingCall and
 * StreamingFromServer), the second reference peer of bench/compare.sh and bench/compare-more.sh.
 * Answers each SimpleRequest with a SimpleResponse whose payload holds response_size zero bytes, as
 * grpc-java's qps.AsyncServer does; StreamingFromServer sends that answer again and again until the
 * client cancels.
 *
 * <p>One HTTP server (h2c, prior knowledge) per event loop, all sharing the port, as Vert.x
 * applications are deployed for throughput; handlers run on the event loop.
 *
 * <pre>java -cp 'target/classes:target/lib/*' proxima.bench.vertx.VertxBenchServer --port=50190 [--instances=N] [--max-message-size=BYTES]</pre>
 *
 * {@code --max-message-size} raises Vert.x's limit on an inbound message (GrpcServerOptions, 256 KiB
 * by default), as bench/compare-more.sh's 64 MiB UnaryCall needs.
 */
public final class VertxBenchServer {
  private static final ServiceName SERVICE = ServiceName.create("grpc.testing", "BenchmarkService");
  private static final ServiceMethod<SimpleRequest, SimpleResponse> UNARY = ServiceMethod.server(
      SERVICE, "UnaryCall", GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(SimpleRequest.getDefaultInstance()));
  private static final ServiceMethod<SimpleRequest, SimpleResponse> STREAMING = ServiceMethod.server(
      SERVICE, "StreamingCall", GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(SimpleRequest.getDefaultInstance()));
  private static final ServiceMethod<SimpleRequest, SimpleResponse> FROM_SERVER = ServiceMethod.server(
      SERVICE, "StreamingFromServer", GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(SimpleRequest.getDefaultInstance()));

  static SimpleResponse answer(SimpleRequest req) {
    int n = req.getResponseSize();
    if (n <= 0) {
      return SimpleResponse.getDefaultInstance();
    }
    return SimpleResponse.newBuilder()
        .setPayload(Payload.newBuilder().setBody(ByteString.copyFrom(new byte[n])))
        .build();
  }

  /**
   * Writes {@code answer} on {@code call}'s response until the client cancels: as many as Vert.x's
   * write queue takes, then again from its drain handler, so that HTTP/2 flow control paces the
   * server and nothing piles up in memory. Runs on the call's event loop.
   */
  static void streamUntilCancelled(GrpcServerRequest<SimpleRequest, SimpleResponse> call, SimpleResponse answer) {
    GrpcServerResponse<SimpleRequest, SimpleResponse> resp = call.response();
    boolean[] cancelled = {false};
    Runnable fill = () -> {
      while (!cancelled[0] && !resp.writeQueueFull()) {
        resp.write(answer);
      }
    };
    call.errorHandler(e -> cancelled[0] = true);
    call.exceptionHandler(e -> cancelled[0] = true);
    resp.exceptionHandler(e -> cancelled[0] = true);
    resp.drainHandler(v -> fill.run());
    fill.run();
  }

  static final class ServerVerticle extends AbstractVerticle {
    private final int port;
    private final long maxMessageSize;

    ServerVerticle(int port, long maxMessageSize) {
      this.port = port;
      this.maxMessageSize = maxMessageSize;
    }

    @Override
    public void start(Promise<Void> started) {
      GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(maxMessageSize));
      grpc.callHandler(UNARY, call -> call.handler(req -> call.response().end(answer(req))));
      grpc.callHandler(STREAMING, call -> {
        GrpcServerResponse<SimpleRequest, SimpleResponse> resp = call.response();
        call.handler(req -> resp.write(answer(req)));
        call.endHandler(v -> resp.end());
      });
      grpc.callHandler(FROM_SERVER, call -> call.handler(req -> streamUntilCancelled(call, answer(req))));
      vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("0.0.0.0"))
          .requestHandler(grpc)
          .listen()
          .<Void>mapEmpty()
          .onComplete(started);
    }
  }

  public static void main(String[] args) {
    int port = 50190;
    int instances = Runtime.getRuntime().availableProcessors();
    long maxMessageSize = GrpcServerOptions.DEFAULT_MAX_MESSAGE_SIZE;
    for (String a : args) {
      if (a.startsWith("--port=")) {
        port = Integer.parseInt(a.substring("--port=".length()));
      } else if (a.startsWith("--instances=")) {
        instances = Integer.parseInt(a.substring("--instances=".length()));
      } else if (a.startsWith("--max-message-size=")) {
        maxMessageSize = Long.parseLong(a.substring("--max-message-size=".length()));
      } else {
        System.err.println("usage: VertxBenchServer --port=N [--instances=N] [--max-message-size=BYTES]");
        System.exit(2);
      }
    }
    final int p = port;
    final int n = instances;
    final long max = maxMessageSize;
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setPreferNativeTransport(true))
        .build();
    vertx.deployVerticle(() -> new ServerVerticle(p, max), new DeploymentOptions().setInstances(n))
        .onSuccess(id -> System.out.println("vertx-grpc bench server listening on 0.0.0.0:" + p
            + " (Vert.x " + Vertx.class.getPackage().getImplementationVersion()
            + ", native transport " + vertx.isNativeTransportEnabled() + ", " + n + " event-loop servers)"))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }
}
