package dev.proxima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Flow control reaches the user: a sender that follows {@code isReady}/{@code onReady} and a
 * receiver that asks for one message at a time keep memory bounded however fast the producer is.
 */
@Timeout(120)
class FlowControlTest {
  private static final int MESSAGE = 1 << 20;
  private static final int MESSAGES = 1024; // 1 GiB in all
  private static final byte[] PAYLOAD = new byte[MESSAGE];

  /** Bytes as they are: the same array goes out each time, and what comes in is only counted. */
  private static final Marshaller<byte[]> RAW = new Marshaller<>() {
    @Override
    public ByteBuffer serialize(byte[] value) {
      return ByteBuffer.wrap(value);
    }

    @Override
    public byte[] parse(InputStream in) throws IOException {
      long n = in.transferTo(OutputStreamSink.INSTANCE);
      return new byte[] {(byte) (n == MESSAGE ? 1 : 0)};
    }
  };

  /** An OutputStream that discards. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }

  private static final MethodDescriptor<byte[], byte[]> DOWNLOAD = MethodDescriptor.<byte[], byte[]>builder()
      .type(MethodDescriptor.Type.SERVER_STREAMING).fullMethodName("test.Flow/Download")
      .requestMarshaller(RAW).responseMarshaller(RAW).build();
  private static final MethodDescriptor<byte[], byte[]> UPLOAD = MethodDescriptor.<byte[], byte[]>builder()
      .type(MethodDescriptor.Type.CLIENT_STREAMING).fullMethodName("test.Flow/Upload")
      .requestMarshaller(RAW).responseMarshaller(RAW).build();

  private Server server;
  private ManagedChannel channel;
  private final AtomicLong produced = new AtomicLong();
  private final AtomicLong consumed = new AtomicLong();
  private final AtomicLong maxGap = new AtomicLong();

  @AfterEach
  void tearDown() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
    }
  }

  private void gap() {
    maxGap.accumulateAndGet(produced.get() - consumed.get(), Math::max);
  }

  private static void slowConsumer() {
    long until = System.nanoTime() + 300_000; // 0.3 ms a message: far slower than producing one
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }

  @Test
  void fastServerStreamingProducerIsHeldToTheSlowReader() throws Exception {
    ServiceDefinition service = ServiceDefinition.builder("test.Flow").addMethod(DOWNLOAD, (call, headers) -> {
      call.request(1);
      return new ServerCall.Listener<>() {
        int sent;

        @Override
        public void onHalfClose() {
          call.sendHeaders(new Metadata());
          pump();
        }

        @Override
        public void onReady() {
          pump();
        }

        private void pump() {
          while (call.isReady() && sent < MESSAGES) {
            call.sendMessage(PAYLOAD);
            sent++;
            produced.incrementAndGet();
            gap();
          }
          if (sent == MESSAGES) {
            sent++;
            call.close(Status.OK, new Metadata());
          }
        }
      };
    }).build();
    server = ServerBuilder.forPort(0).addService(service).maxInboundMessageSize(2 * MESSAGE).build().start();
    channel = ChannelBuilder.forAddress("127.0.0.1", server.port()).maxInboundMessageSize(2 * MESSAGE).build();

    CompletableFuture<Status> done = new CompletableFuture<>();
    AtomicInteger intact = new AtomicInteger();
    ClientCall<byte[], byte[]> call = channel.newCall(DOWNLOAD, CallOptions.DEFAULT);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(byte[] message) {
        intact.addAndGet(message[0]);
        slowConsumer();
        consumed.incrementAndGet();
        call.request(1); // one at a time: manual flow control
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        done.complete(status);
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage(new byte[0]);
    call.halfClose();

    assertEquals(Status.Code.OK, done.get(100, TimeUnit.SECONDS).code());
    assertEquals(MESSAGES, consumed.get());
    assertEquals(MESSAGES, intact.get(), "every message arrived whole");
    // Windows (16 MiB connection, up to 16 MiB auto-tuned per stream) plus one ready threshold:
    // never the whole gigabyte.
    assertTrue(maxGap.get() <= 40, "at most ~40 MiB in flight, was " + maxGap.get() + " MiB");
  }

  @Test
  void fastClientStreamingProducerIsHeldToTheSlowServer() throws Exception {
    ServiceDefinition service = ServiceDefinition.builder("test.Flow").addMethod(UPLOAD, (call, headers) -> {
      call.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(byte[] message) {
          slowConsumer();
          consumed.incrementAndGet();
          call.request(1);
        }

        @Override
        public void onHalfClose() {
          call.sendMessage(new byte[0]);
          call.close(Status.OK, new Metadata());
        }
      };
    }).build();
    server = ServerBuilder.forPort(0).addService(service).maxInboundMessageSize(2 * MESSAGE).build().start();
    channel = ChannelBuilder.forAddress("127.0.0.1", server.port()).build();
    CompletableFuture<Status> done = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call = channel.newCall(UPLOAD, CallOptions.DEFAULT);
    int total = MESSAGES / 4;
    int[] sent = {0};
    Runnable pump = () -> {
      while (call.isReady() && sent[0] < total) {
        call.sendMessage(PAYLOAD);
        sent[0]++;
        produced.incrementAndGet();
        gap();
      }
      if (sent[0] == total) {
        sent[0]++;
        call.halfClose();
      }
    };
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onReady() {
        pump.run();
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        done.complete(status);
      }
    }, new Metadata());
    call.request(1);
    assertEquals(Status.Code.OK, done.get(100, TimeUnit.SECONDS).code());
    assertEquals(total, consumed.get());
    assertTrue(maxGap.get() <= 40, "at most ~40 MiB in flight, was " + maxGap.get() + " MiB");
  }
}
