package dev.proxima.bench;

import dev.proxima.CallOptions;
import dev.proxima.ChannelBuilder;
import dev.proxima.HandlerExecution;
import dev.proxima.ManagedChannel;
import dev.proxima.Marshaller;
import dev.proxima.MethodDescriptor;
import dev.proxima.Server;
import dev.proxima.ServerBuilder;
import dev.proxima.ServiceDefinition;
import dev.proxima.stub.ClientCalls;
import dev.proxima.stub.ServerCalls;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One unary call over loopback in one JVM, client and server, Proxima and grpc-java measured in the
 * same run: the whole path of a call (stub, framing, HPACK, HTTP/2, sockets, event loops) as a
 * figure per call and, with {@code -prof gc}, the bytes both sides allocate per call.
 *
 * <p>Like for like: 16-byte request and response as raw bytes (no protobuf on either side),
 * handlers on the event loop (Proxima {@link HandlerExecution#eventLoop()}, grpc-java
 * {@code directExecutor()}), a blocking unary call from the benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"})
public class UnaryRoundTripBenchmark {
  private static final byte[] PAYLOAD = new byte[16];

  @Param({"proxima", "grpc-java"})
  public String impl;

  private Server proximaServer;
  private ManagedChannel proximaChannel;
  private MethodDescriptor<byte[], byte[]> proximaMethod;
  private io.grpc.Server grpcServer;
  private io.grpc.ManagedChannel grpcChannel;
  private io.grpc.MethodDescriptor<byte[], byte[]> grpcMethod;

  private static final Marshaller<byte[]> PROXIMA_BYTES = new Marshaller<>() {
    @Override
    public ByteBuffer serialize(byte[] value) {
      return ByteBuffer.wrap(value);
    }

    @Override
    public byte[] parse(InputStream in) throws IOException {
      return readExactly(in);
    }
  };

  private static final io.grpc.MethodDescriptor.Marshaller<byte[]> GRPC_BYTES =
      new io.grpc.MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new DrainableBytes(value);
        }

        @Override
        public byte[] parse(InputStream in) {
          try {
            return readExactly(in);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }
      };

  /**
   * Both stacks hand the marshaller a stream whose {@code available()} is the message size: read
   * exactly that (readAllBytes would allocate 16 KiB scratch buffers and swamp the figure).
   */
  private static byte[] readExactly(InputStream in) throws IOException {
    byte[] out = in.readNBytes(in.available());
    if (in.read() != -1) {
      throw new IOException("message longer than available() said");
    }
    return out;
  }

  @Setup(Level.Trial)
  public void start() throws Exception {
    if (impl.equals("proxima")) {
      proximaMethod = MethodDescriptor.<byte[], byte[]>builder().type(MethodDescriptor.Type.UNARY)
          .fullMethodName("bench.Echo/Unary").requestMarshaller(PROXIMA_BYTES).responseMarshaller(PROXIMA_BYTES)
          .build();
      proximaServer = ServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .addService(ServiceDefinition.builder("bench.Echo")
              .addMethod(proximaMethod, ServerCalls.unaryCall(req -> req))
              .execution(HandlerExecution.eventLoop()).build())
          .eventLoopThreads(1).build().start();
      proximaChannel = ChannelBuilder.forAddress("127.0.0.1", proximaServer.port()).executor(Runnable::run)
          .eventLoopThreads(1).build();
    } else {
      grpcMethod = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder().setType(io.grpc.MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("bench.Echo/Unary").setRequestMarshaller(GRPC_BYTES).setResponseMarshaller(GRPC_BYTES)
          .build();
      grpcServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).directExecutor()
          .addService(ServerServiceDefinition.builder("bench.Echo")
              .addMethod(grpcMethod, io.grpc.stub.ServerCalls.asyncUnaryCall((req, out) -> {
                out.onNext(req);
                out.onCompleted();
              })).build())
          .build().start();
      grpcChannel = NettyChannelBuilder.forAddress("127.0.0.1", grpcServer.getPort()).usePlaintext()
          .directExecutor().build();
    }
  }

  @Benchmark
  public byte[] unary() throws Exception {
    if (proximaChannel != null) {
      return ClientCalls.blockingUnaryCall(proximaChannel, proximaMethod, CallOptions.DEFAULT, PAYLOAD);
    }
    return io.grpc.stub.ClientCalls.blockingUnaryCall(grpcChannel, grpcMethod, io.grpc.CallOptions.DEFAULT, PAYLOAD);
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    if (proximaChannel != null) {
      proximaChannel.shutdownNow();
      proximaServer.shutdownNow();
      proximaServer.awaitTermination(Duration.ofSeconds(5));
    }
    if (grpcChannel != null) {
      grpcChannel.shutdownNow();
      grpcServer.shutdownNow();
      grpcServer.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
