package dev.proxima.bench;

import com.google.protobuf.ByteString;
import dev.proxima.internal.grpc.ByteBufferInputStream;
import dev.proxima.protobuf.ProtoMarshaller;
import dev.proxima.protobuf.ProtoMarshallers;
import io.grpc.Drainable;
import io.grpc.MethodDescriptor;
import io.grpc.benchmarks.proto.Messages.Payload;
import io.grpc.benchmarks.proto.Messages.SimpleResponse;
import io.grpc.protobuf.ProtoUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Protobuf marshalling of the benchmark service's {@code SimpleResponse} (a payload of {@link
 * #size} bytes), Proxima's {@link ProtoMarshallers#marshaller} beside grpc-java's {@code
 * ProtoUtils.marshaller}, each used the way its transport uses it:
 *
 * <ul>
 *   <li>serialize: Proxima's marshaller returns the message's bytes as a buffer; grpc-java's
 *       returns a {@link Drainable} stream that its framer drains into its own buffers, here into
 *       a reused {@link ByteArrayOutputStream} (reset per operation, so it is not counted).
 *   <li>parse: from the received bytes; for Proxima a {@link ByteBufferInputStream} over the
 *       received buffer, as the deframer hands it over (a {@code BufferedMessage}: protobuf
 *       parses it in place and bytes fields alias it); for grpc-java a known-length stream over an
 *       array ({@link DrainableBytes}, also {@code KnownLength}, as its transport's buffer streams
 *       are), which its marshaller copies into a reused array and parses without aliasing.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"})
public class ProtobufMarshallingBenchmark {
  /** Payload bytes: tiny, a typical small message, and one past Proxima's one-array parse path. */
  @Param({"16", "1024", "131072"})
  public int size;

  private final ProtoMarshaller<SimpleResponse> proxima =
      ProtoMarshallers.marshaller(SimpleResponse.getDefaultInstance());
  private final MethodDescriptor.Marshaller<SimpleResponse> grpc =
      ProtoUtils.marshaller(SimpleResponse.getDefaultInstance());
  private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

  private SimpleResponse message;
  private ByteBuffer wire;
  private byte[] wireArray;

  @Setup
  public void setUp() {
    message = SimpleResponse.newBuilder()
        .setPayload(Payload.newBuilder().setBody(ByteString.copyFrom(new byte[size])))
        .build();
    wireArray = message.toByteArray();
    wire = ByteBuffer.wrap(wireArray);
  }

  @Benchmark
  public ByteBuffer proximaSerialize() {
    return proxima.serialize(message);
  }

  @Benchmark
  public int grpcJavaSerialize() throws IOException {
    sink.reset();
    InputStream stream = grpc.stream(message);
    return ((Drainable) stream).drainTo(sink);
  }

  @Benchmark
  public SimpleResponse proximaParse() throws IOException {
    // The duplicate stands for the deframer's buffer of the message, which the stream takes over.
    return proxima.parse(ByteBufferInputStream.taking(wire.duplicate()));
  }

  @Benchmark
  public SimpleResponse grpcJavaParse() {
    return grpc.parse(new DrainableBytes(wireArray));
  }
}
