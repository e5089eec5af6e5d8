package dev.proxima.benchmarks;

import com.google.protobuf.ByteString;
import dev.proxima.CallOptions;
import dev.proxima.ChannelBuilder;
import dev.proxima.ClientCall;
import dev.proxima.ManagedChannel;
import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;
import dev.proxima.Status;
import io.grpc.benchmarks.proto.Messages.Payload;
import io.grpc.benchmarks.proto.Messages.SimpleRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workloads of {@code bench/compare-more.sh} that {@code ./proxima bench} (unary only) does not
 * cover, each against any {@code grpc.testing.BenchmarkService} server (Proxima's or grpc-java's):
 *
 * <pre>
 *   java -cp CP dev.proxima.benchmarks.MoreBench ping-pong     --target=H:P [--duration=10] [--warmup=3] [--response-size=0]
 *   java -cp CP dev.proxima.benchmarks.MoreBench server-stream --target=H:P [--duration=10] [--warmup=3] [--message-size=1024]
 *   java -cp CP dev.proxima.benchmarks.MoreBench big-unary     --target=H:P [--request-size=67108864] [--response-size=67108864] [--calls=3]
 *   java -cp CP dev.proxima.benchmarks.MoreBench idle-conns    --target=H:P [--count=5000] [--hold=600]
 * </pre>
 *
 * Every mode prints {@code key=value} lines. {@code idle-conns} opens raw TCP connections, sends
 * the HTTP/2 client preface and an empty SETTINGS frame, reads the server's SETTINGS, acknowledges
 * it, prints {@code ready=N} and then holds the connections (without reading) for {@code --hold}
 * seconds (stop it earlier with a signal).
 */
public final class MoreBench {
  private static final String SERVICE = "grpc.testing.BenchmarkService/";

  private MoreBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: MoreBench ping-pong|server-stream|big-unary|idle-conns --target=H:P [flags]");
      System.exit(2);
    }
    Map<String, String> f = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("flags are --name=value, got " + a);
      }
      f.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    String target = f.getOrDefault("target", "127.0.0.1:50170");
    String host = target.substring(0, target.lastIndexOf(':'));
    int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
    switch (args[0]) {
      case "ping-pong" -> pingPong(host, port, intFlag(f, "duration", 10), intFlag(f, "warmup", 3), intFlag(f, "response-size", 0));
      case "server-stream" -> serverStream(host, port, intFlag(f, "duration", 10), intFlag(f, "warmup", 3), intFlag(f, "message-size", 1024));
      case "big-unary" -> bigUnary(host, port, intFlag(f, "request-size", 64 << 20), intFlag(f, "response-size", 64 << 20), intFlag(f, "calls", 3));
      case "idle-conns" -> idleConns(host, port, intFlag(f, "count", 5000), intFlag(f, "hold", 600));
      default -> {
        System.err.println("unknown mode " + args[0]);
        System.exit(2);
      }
    }
    System.exit(0);
  }

  private static int intFlag(Map<String, String> f, String name, int dflt) {
    String v = f.get(name);
    return v == null ? dflt : Integer.parseInt(v.replace("s", ""));
  }

  private static MethodDescriptor<byte[], Long> method(String name, MethodDescriptor.Type type) {
    return MethodDescriptor.<byte[], Long>builder()
        .type(type)
        .fullMethodName(SERVICE + name)
        .requestMarshaller(BytesMarshaller.INSTANCE)
        .responseMarshaller(DiscardingMarshaller.INSTANCE)
        .build();
  }

  private static byte[] request(int responseSize, int payloadSize) {
    SimpleRequest.Builder b = SimpleRequest.newBuilder().setResponseSize(responseSize);
    if (payloadSize > 0) {
      b.setPayload(Payload.newBuilder().setBody(ByteString.copyFrom(new byte[payloadSize])));
    }
    return b.build().toByteArray();
  }

  private static ManagedChannel channel(String host, int port) {
    return ChannelBuilder.forAddress(host, port)
        .executor(Runnable::run)
        .maxInboundMessageSize(256 << 20)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** StreamingCall: one request, wait for its response, send the next; latency per round trip. */
  private static void pingPong(String host, int port, int durationS, int warmupS, int responseSize) throws Exception {
    ManagedChannel ch = channel(host, port);
    byte[] req = request(responseSize, 0);
    LatencyHistogram hist = new LatencyHistogram();
    CompletableFuture<Status> done = new CompletableFuture<>();
    long start = System.nanoTime();
    long measureStart = start + TimeUnit.SECONDS.toNanos(warmupS);
    long end = measureStart + TimeUnit.SECONDS.toNanos(durationS);
    ClientCall<byte[], Long> call = ch.newCall(method("StreamingCall", MethodDescriptor.Type.BIDI_STREAMING), CallOptions.DEFAULT);
    long[] sent = new long[1];
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(Long size) {
        long now = System.nanoTime();
        if (sent[0] >= measureStart) {
          hist.record(now - sent[0]);
        }
        if (now >= end) {
          call.halfClose();
          call.request(1);
          return;
        }
        sent[0] = now;
        call.request(1);
        call.sendMessage(req);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        done.complete(status);
      }
    }, new Metadata());
    sent[0] = System.nanoTime();
    call.request(1);
    call.sendMessage(req);
    Status s = done.get(durationS + warmupS + 30, TimeUnit.SECONDS);
    ch.shutdownNow();
    System.out.println("status=" + s.code());
    System.out.println("round_trips=" + hist.count());
    System.out.printf("round_trips_per_s=%.0f%n", hist.count() / (double) durationS);
    System.out.printf("p50_us=%.1f%np90_us=%.1f%np99_us=%.1f%np999_us=%.1f%nmax_us=%.1f%n",
        hist.percentile(50) / 1e3, hist.percentile(90) / 1e3, hist.percentile(99) / 1e3,
        hist.percentile(99.9) / 1e3, hist.max() / 1e3);
  }

  /** StreamingFromServer: counts the messages and bytes received over the measured seconds. */
  private static void serverStream(String host, int port, int durationS, int warmupS, int messageSize) throws Exception {
    ManagedChannel ch = channel(host, port);
    AtomicLong messages = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    CompletableFuture<Status> done = new CompletableFuture<>();
    ClientCall<byte[], Long> call = ch.newCall(method("StreamingFromServer", MethodDescriptor.Type.SERVER_STREAMING), CallOptions.DEFAULT);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(Long size) {
        messages.incrementAndGet();
        bytes.addAndGet(size);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        done.complete(status);
      }
    }, new Metadata());
    call.request(Integer.MAX_VALUE);   // no per-message request(1): HTTP/2 flow control still paces the server
    call.sendMessage(request(messageSize, 0));
    call.halfClose();
    Thread.sleep(TimeUnit.SECONDS.toMillis(warmupS));
    long m0 = messages.get();
    long b0 = bytes.get();
    long t0 = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(durationS));
    long m1 = messages.get();
    long b1 = bytes.get();
    double secs = (System.nanoTime() - t0) / 1e9;
    boolean early = done.isDone();
    call.cancel("benchmark over", null);
    ch.shutdownNow();
    if (early) {
      System.out.println("status=" + done.getNow(null));
    }
    System.out.println("messages=" + (m1 - m0));
    System.out.printf("messages_per_s=%.0f%n", (m1 - m0) / secs);
    System.out.printf("mib_per_s=%.1f%n", (b1 - b0) / secs / (1 << 20));
  }

  /** UnaryCall with a large request and response, one call at a time on one connection. */
  private static void bigUnary(String host, int port, int requestSize, int responseSize, int calls) throws Exception {
    ManagedChannel ch = channel(host, port);
    byte[] req = request(responseSize, requestSize);
    MethodDescriptor<byte[], Long> m = method("UnaryCall", MethodDescriptor.Type.UNARY);
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i <= calls; i++) {   // call 0 is a warm-up
      CompletableFuture<Status> done = new CompletableFuture<>();
      long[] got = new long[1];
      long t0 = System.nanoTime();
      ClientCall<byte[], Long> call = ch.newCall(m, CallOptions.DEFAULT.withDeadlineAfter(Duration.ofSeconds(120)));
      call.start(new ClientCall.Listener<>() {
        @Override
        public void onMessage(Long size) {
          got[0] = size;
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
          done.complete(status);
        }
      }, new Metadata());
      call.request(1);
      call.sendMessage(req);
      call.halfClose();
      Status s = done.get(150, TimeUnit.SECONDS);
      double elapsed = (System.nanoTime() - t0) / 1e6;
      if (!s.isOk()) {
        System.out.println("status=" + s.code() + (s.description() == null ? "" : " " + s.description()));
        ch.shutdownNow();
        System.exit(1);
      }
      System.out.printf("call%d_ms=%.1f response_bytes=%d%n", i, elapsed, got[0]);
      if (i > 0) {
        ms.add(elapsed);
      }
    }
    ch.shutdownNow();
    double best = ms.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double median = ms.stream().sorted().toList().get(ms.size() / 2);
    double mib = (req.length + (double) responseSize) / (1 << 20);
    System.out.printf("median_ms=%.1f%nbest_ms=%.1f%nmib_per_s=%.1f%n", median, best, mib / (median / 1e3));
  }

  /** Opens {@code count} raw HTTP/2 connections that stay idle after the SETTINGS exchange. */
  private static void idleConns(String host, int port, int count, int holdS) throws Exception {
    byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] settings = {0, 0, 0, 4, 0, 0, 0, 0, 0};
    byte[] ack = {0, 0, 0, 4, 1, 0, 0, 0, 0};
    List<SocketChannel> open = new ArrayList<>(count);
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    long t0 = System.nanoTime();
    for (int i = 0; i < count; i++) {
      SocketChannel sc = SocketChannel.open(new InetSocketAddress(host, port));
      ByteBuffer out = ByteBuffer.allocate(preface.length + settings.length);
      out.put(preface).put(settings).flip();
      while (out.hasRemaining()) {
        sc.write(out);
      }
      // Read until the server's SETTINGS (type 4, flags 0) has arrived, then acknowledge it.
      buf.clear();
      boolean seen = false;
      while (!seen) {
        if (sc.read(buf) < 0) {
          throw new IOException("connection " + i + " closed by the server");
        }
        int pos = 0;
        while (buf.position() - pos >= 9) {
          int len = ((buf.get(pos) & 0xff) << 16) | ((buf.get(pos + 1) & 0xff) << 8) | (buf.get(pos + 2) & 0xff);
          if (buf.get(pos + 3) == 4 && (buf.get(pos + 4) & 1) == 0) {
            seen = true;
          }
          if (buf.position() - pos < 9 + len) {
            break;
          }
          pos += 9 + len;
        }
      }
      sc.write(ByteBuffer.wrap(ack));
      open.add(sc);
    }
    System.out.printf("ready=%d connect_ms=%.0f%n", open.size(), (System.nanoTime() - t0) / 1e6);
    System.out.flush();
    Thread.sleep(TimeUnit.SECONDS.toMillis(holdS));
    for (SocketChannel sc : open) {
      sc.close();
    }
  }
}
