package dev.proxima.internal.call;

import dev.proxima.internal.transport.ClientTransport;
import java.util.concurrent.CompletableFuture;

/** Where a call gets its transport: the channel's connection, once it is (re)connected. */
interface TransportSource {
  /**
   * A ready transport. Without {@code waitForReady} the future fails with UNAVAILABLE while the
   * channel is in transient failure; with it, it waits for the next successful connection.
   */
  CompletableFuture<ClientTransport> transport(boolean waitForReady);

  /**
   * The transport when one is ready and usable now, else null (then ask {@link #transport}): the
   * common case without a future per call.
   */
  default ClientTransport readyTransport() {
    return null;
  }

  String authority();
}
