package dev.proxima.bench.clientload;

import dev.proxima.CallOptions;
import dev.proxima.ChannelBuilder;
import dev.proxima.ClientCall;
import dev.proxima.ManagedChannel;
import dev.proxima.Marshaller;
import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;
import dev.proxima.Status;
import dev.proxima.benchmarks.BytesMarshaller;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Proxima's client: one {@link ManagedChannel} per connection on the process's shared client event
 * loops, listeners run on the loop ({@code executor(Runnable::run)}, as {@code proxima bench} does).
 */
final class ProximaDriver implements UnaryDriver {
  private static final Marshaller<Integer> RESPONSE = new Marshaller<>() {
    @Override
    public ByteBuffer serialize(Integer value) {
      throw new UnsupportedOperationException("responses are only read");
    }

    @Override
    public Integer parse(InputStream in) throws IOException {
      return ResponseBytes.count(in);
    }
  };

  private final List<ManagedChannel> channels = new ArrayList<>();
  private final MethodDescriptor<byte[], Integer> method = MethodDescriptor.<byte[], Integer>builder()
      .type(MethodDescriptor.Type.UNARY)
      .fullMethodName(METHOD)
      .requestMarshaller(BytesMarshaller.INSTANCE)
      .responseMarshaller(RESPONSE)
      .build();
  private final byte[] request;

  ProximaDriver(String host, int port, int connections, byte[] request) {
    this.request = request;
    for (int i = 0; i < connections; i++) {
      channels.add(ChannelBuilder.forAddress(host, port).executor(Runnable::run).build());
    }
  }

  @Override
  public void start(int connection, CallEnd end) {
    ClientCall<byte[], Integer> call = channels.get(connection).newCall(method, CallOptions.DEFAULT);
    call.start(new ClientCall.Listener<>() {
      private int bytes;

      @Override
      public void onMessage(Integer size) {
        bytes += size;
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        end.ended(status.code().name(), bytes);
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage(request);
    call.halfClose();
  }

  @Override
  public String transport() {
    return "proxima-nio";
  }

  @Override
  public String loopThreadPrefix() {
    return "proxima-client-loop";
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdownNow);
  }
}
