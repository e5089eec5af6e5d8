package dev.proxima.cli;

import dev.proxima.CallOptions;
import dev.proxima.ChannelBuilder;
import dev.proxima.Context;
import dev.proxima.ManagedChannel;
import dev.proxima.Marshaller;
import dev.proxima.MethodDescriptor;
import dev.proxima.Server;
import dev.proxima.ServerBuilder;
import dev.proxima.ServiceDefinition;
import dev.proxima.Status;
import dev.proxima.StatusException;
import dev.proxima.stub.BlockingIterator;
import dev.proxima.stub.ClientCalls;
import dev.proxima.stub.ServerCalls;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC half of {@code ./proxima demo}: an inventory service on our server, called through our
 * channel — a unary call that looks local, a server stream, and a deadline that stops a slow call.
 */
final class GrpcDemo {
  private GrpcDemo() {}

  private static final Marshaller<String> TEXT = new Marshaller<>() {
    @Override
    public ByteBuffer serialize(String value) {
      return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream in) throws IOException {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  };

  private static MethodDescriptor<String, String> method(String name, MethodDescriptor.Type type) {
    return MethodDescriptor.<String, String>builder().type(type).fullMethodName("demo.Inventory/" + name)
        .requestMarshaller(TEXT).responseMarshaller(TEXT).build();
  }

  static final MethodDescriptor<String, String> RESERVE = method("Reserve", MethodDescriptor.Type.UNARY);
  static final MethodDescriptor<String, String> LIST = method("List", MethodDescriptor.Type.SERVER_STREAMING);
  static final MethodDescriptor<String, String> RESTOCK = method("Restock", MethodDescriptor.Type.UNARY);

  static void run() throws Exception {
    ServiceDefinition inventory = ServiceDefinition.builder("demo.Inventory")
        .addMethod(RESERVE, ServerCalls.unaryCall(item -> "reserved 1 x " + item))
        .addMethod(LIST, ServerCalls.serverStreamingCall((prefix, out) -> {
          for (String item : List.of("apple", "apricot", "banana", "avocado")) {
            if (item.startsWith(prefix)) {
              out.onNext(item);
            }
          }
          out.onCompleted();
        }))
        .addMethod(RESTOCK, ServerCalls.unaryCall(item -> {
          // A slow warehouse: this handler blocks (fine on a virtual thread) until its deadline cancels it.
          while (!Context.current().isCancelled()) {
            Thread.sleep(10);
          }
          return "never seen";
        }))
        .build();
    Server server = ServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(inventory).build()
        .start();
    ManagedChannel channel = ChannelBuilder.forAddress("127.0.0.1", server.port()).build();
    try {
      System.out.println("gRPC server on 127.0.0.1:" + server.port());
      String reply = ClientCalls.blockingUnaryCall(channel, RESERVE, CallOptions.DEFAULT, "widget");
      check("reserved 1 x widget".equals(reply), "unary reply was " + reply);
      System.out.println("Reserve(widget)       -> " + reply);

      List<String> items = new ArrayList<>();
      try (BlockingIterator<String> it = ClientCalls.blockingServerStreamingCall(channel, LIST, CallOptions.DEFAULT, "a")) {
        it.forEachRemaining(items::add);
      }
      check(items.equals(List.of("apple", "apricot", "avocado")), "stream gave " + items);
      System.out.println("List(a)               -> " + items + " (server streaming)");

      long t0 = System.nanoTime();
      try {
        ClientCalls.blockingUnaryCall(channel, RESTOCK, CallOptions.DEFAULT.withDeadlineAfter(Duration.ofMillis(200)),
            "widget");
        check(false, "the slow call should have hit its deadline");
      } catch (StatusException e) {
        check(e.status().code() == Status.Code.DEADLINE_EXCEEDED, "slow call ended " + e.status());
        System.out.printf("Restock(widget), 200 ms deadline -> %s after %d ms%n", e.status().code(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      }
    } finally {
      channel.shutdown();
      server.shutdown();
      server.awaitTermination(Duration.ofSeconds(5));
      channel.awaitTermination(Duration.ofSeconds(5));
    }
    System.out.println("gRPC calls OK; server shut down gracefully");
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what);
    }
  }
}
