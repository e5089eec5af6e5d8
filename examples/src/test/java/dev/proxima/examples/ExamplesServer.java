package dev.proxima.examples;

import dev.proxima.ChannelBuilder;
import dev.proxima.ManagedChannel;
import dev.proxima.Server;
import dev.proxima.ServerBuilder;
import dev.proxima.ServiceDefinition;
import java.io.IOException;
import java.net.InetSocketAddress;

/** A server on 127.0.0.1 hosting the given services, and a channel to it; close stops both. */
final class ExamplesServer implements AutoCloseable {
  private final Server server;
  final ManagedChannel channel;

  ExamplesServer(ServiceDefinition... services) throws IOException {
    ServerBuilder builder = ServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
    for (ServiceDefinition service : services) {
      builder.addService(service);
    }
    server = builder.build().start();
    channel = ChannelBuilder.forAddress("127.0.0.1", server.port()).build();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
  }
}
