package dev.proxima.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.ChannelBuilder;
import dev.proxima.ManagedChannel;
import dev.proxima.Server;
import dev.proxima.stub.BlockingIterator;
import io.grpc.benchmarks.proto.BenchmarkServiceProxima;
import io.grpc.benchmarks.proto.Messages.SimpleRequest;
import io.grpc.benchmarks.proto.Messages.SimpleResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bench server answers as grpc-java's AsyncServer does, and the load generator drives it. */
final class BenchSmokeTest {
  @Test
  void unaryAndServerStreamingAnswerResponseSizeZeroBytes() throws Exception {
    Server server = BenchServer.start("127.0.0.1", 0, 1);
    ManagedChannel channel = ChannelBuilder.forAddress("127.0.0.1", server.port()).build();
    try {
      var stub = BenchmarkServiceProxima.newBlockingStub(channel).withTimeout(Duration.ofSeconds(5));
      SimpleResponse r = stub.unaryCall(SimpleRequest.newBuilder().setResponseSize(16).build());
      assertEquals(16, r.getPayload().getBody().size());
      try (BlockingIterator<SimpleResponse> it = stub.streamingFromServer(
          SimpleRequest.newBuilder().setResponseSize(3).build())) {
        for (int i = 0; i < 100; i++) {
          assertEquals(3, it.next().getPayload().getBody().size());
        }
      }
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  @Test
  void loadGeneratorCountsCallsAndLatency() throws Exception {
    Server server = BenchServer.start("127.0.0.1", 0, 1);
    try {
      byte[] request = RequestEncoder.fromJson(BenchmarkServiceProxima.METHOD_UNARY_CALL.fullMethodName(),
          "{\"responseSize\":16}");
      LoadOptions closed = new LoadOptions("127.0.0.1", server.port(), "grpc.testing.BenchmarkService/UnaryCall",
          request, 2, 4, null, 500, 0, Duration.ofMillis(100));
      LoadResult r = new LoadGenerator(closed).run();
      assertEquals(500, r.total(), r.text());
      assertEquals(500, r.ok(), r.text());
      assertEquals(500L * 20, r.responseBytes(), r.text()); // SimpleResponse{payload{body: 16 zeros}}: 20 bytes
      assertTrue(r.latency().percentile(50) > 0 && r.latency().percentile(99) <= r.latency().max(), r.text());
      assertTrue(r.json().contains("\"requests_per_second\""));

      LoadOptions open = new LoadOptions("127.0.0.1", server.port(), "grpc.testing.BenchmarkService/UnaryCall",
          request, 1, 8, null, 200, 1000, Duration.ZERO);
      LoadResult o = new LoadGenerator(open).run();
      assertEquals(200, o.ok(), o.text());
      assertTrue(o.elapsedNanos() >= 150_000_000L, o.text());
    } finally {
      server.shutdownNow();
    }
  }
}
