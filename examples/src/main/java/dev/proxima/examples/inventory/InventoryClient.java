package dev.proxima.examples.inventory;

import dev.proxima.Channel;
import dev.proxima.StatusException;
import dev.proxima.stub.BlockingIterator;
import java.time.Duration;

/** A client of the warehouse: reservations that read like local calls, and a stock watch. */
public final class InventoryClient {
  private final InventoryProxima.InventoryBlockingStub inventory;

  /** A client calling through {@code channel}. */
  public InventoryClient(Channel channel) {
    this.inventory = InventoryProxima.newBlockingStub(channel);
  }

  /** Reserves {@code quantity} of {@code sku}; FAILED_PRECONDITION when the stock is too low. */
  public ReserveReply reserve(String sku, int quantity) throws StatusException {
    return inventory.withTimeout(Duration.ofSeconds(5))
        .reserve(ReserveRequest.newBuilder().setSku(sku).setQuantity(quantity).build());
  }

  /**
   * Watches {@code sku}: the returned iterator yields its current stock, then every change, and ends
   * after {@code maxEvents} events. Close it to stop watching early.
   */
  public BlockingIterator<StockEvent> watch(String sku, int maxEvents) {
    return inventory.withTimeout(Duration.ofSeconds(10))
        .watch(WatchRequest.newBuilder().addSkus(sku).setMaxEvents(maxEvents).build());
  }
}
