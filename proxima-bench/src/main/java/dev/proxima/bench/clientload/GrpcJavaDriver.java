package dev.proxima.bench.clientload;

import dev.proxima.bench.DrainableBytes;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * grpc-java's client with its shaded Netty, configured as little as possible: one
 * {@code NettyChannelBuilder...usePlaintext().directExecutor()} channel per connection, so the
 * default event loop group and the transport grpc-java picks by itself (epoll where available);
 * listeners run on the event loop. Calls go through a raw {@link ClientCall}, as on Proxima.
 */
final class GrpcJavaDriver implements UnaryDriver {
  private static final MethodDescriptor.Marshaller<byte[]> REQUEST = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new DrainableBytes(value);
    }

    @Override
    public byte[] parse(InputStream in) {
      throw new UnsupportedOperationException("requests are only sent");
    }
  };

  private static final MethodDescriptor.Marshaller<Integer> RESPONSE = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(Integer value) {
      throw new UnsupportedOperationException("responses are only read");
    }

    @Override
    public Integer parse(InputStream in) {
      try {
        return ResponseBytes.count(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private final List<ManagedChannel> channels = new ArrayList<>();
  private final MethodDescriptor<byte[], Integer> method = MethodDescriptor.<byte[], Integer>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(METHOD)
      .setRequestMarshaller(REQUEST)
      .setResponseMarshaller(RESPONSE)
      .build();
  private final byte[] request;

  GrpcJavaDriver(String host, int port, int connections, byte[] request) {
    this.request = request;
    for (int i = 0; i < connections; i++) {
      channels.add(NettyChannelBuilder.forAddress(host, port).usePlaintext().directExecutor().build());
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
        end.ended(status.getCode().name(), bytes);
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage(request);
    call.halfClose();
  }

  /** Which Netty transport grpc-java's default channel type is: epoll when Netty can load it. */
  @Override
  public String transport() {
    return Epoll.isAvailable() ? "netty-epoll" : "netty-nio";
  }

  @Override
  public String loopThreadPrefix() {
    return "grpc-default-worker";
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdownNow);
  }
}
