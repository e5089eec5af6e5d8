package dev.proxima.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.Status;
import dev.proxima.StatusException;
import dev.proxima.examples.inventory.InventoryClient;
import dev.proxima.examples.inventory.InventoryProxima;
import dev.proxima.examples.inventory.InventoryServer;
import dev.proxima.examples.inventory.ReserveReply;
import dev.proxima.examples.inventory.StockEvent;
import dev.proxima.stub.BlockingIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inventory: reservations that look local, FAILED_PRECONDITION past the stock, a stock watch. */
class InventoryTest {
  private InventoryServer warehouse;
  private ExamplesServer server;
  private InventoryClient inventory;

  @BeforeEach
  void start() throws Exception {
    warehouse = new InventoryServer(Map.of("widget", 10, "gadget", 1));
    server = new ExamplesServer(InventoryProxima.bindService(warehouse));
    inventory = new InventoryClient(server.channel);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void reserveTakesItemsOutOfTheStock() throws Exception {
    ReserveReply reply = inventory.reserve("widget", 4);
    assertEquals("R-1", reply.getReservationId());
    assertEquals(6, reply.getRemaining());
    assertEquals(6, warehouse.stock().get("widget"));
  }

  @Test
  void reservingMoreThanTheStockIsFailedPrecondition() throws Exception {
    inventory.reserve("gadget", 1);
    StatusException e = assertThrows(StatusException.class, () -> inventory.reserve("gadget", 1));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.status().code());
    assertEquals("only 0 of gadget in stock, 1 asked", e.status().description());
    assertEquals(0, warehouse.stock().get("gadget"));
  }

  @Test
  void unknownSkuAndZeroQuantityAreRejected() {
    assertEquals(Status.Code.NOT_FOUND,
        assertThrows(StatusException.class, () -> inventory.reserve("nothing", 1)).status().code());
    assertEquals(Status.Code.INVALID_ARGUMENT,
        assertThrows(StatusException.class, () -> inventory.reserve("widget", 0)).status().code());
  }

  @Test
  void concurrentReservationsNeverOversell() throws Exception {
    List<Future<Boolean>> attempts = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 50; i++) {
        attempts.add(threads.submit(() -> {
          try {
            inventory.reserve("widget", 1);
            return true;
          } catch (StatusException e) {
            assertEquals(Status.Code.FAILED_PRECONDITION, e.status().code());
            return false;
          }
        }));
      }
    }
    int reserved = 0;
    for (Future<Boolean> attempt : attempts) {
      reserved += attempt.get() ? 1 : 0;
    }
    assertEquals(10, reserved);
    assertEquals(0, warehouse.stock().get("widget"));
  }

  @Test
  void watchStreamsTheStockAndItsChanges() throws Exception {
    List<String> seen = new ArrayList<>();
    try (BlockingIterator<StockEvent> watch = inventory.watch("widget", 3)) {
      StockEvent initial = watch.next();
      seen.add(initial.getAvailable() + " " + initial.getCause());
      inventory.reserve("gadget", 1); // not watched
      inventory.reserve("widget", 2);
      inventory.reserve("widget", 3);
      watch.forEachRemaining(event -> seen.add(event.getAvailable() + " " + event.getCause()));
    }
    assertEquals(List.of("10 initial", "8 R-2", "5 R-3"), seen);
  }

  @Test
  void closingAWatchEarlyCancelsItOnTheServer() throws Exception {
    try (BlockingIterator<StockEvent> watch = inventory.watch("widget", 0)) {
      assertEquals(10, watch.next().getAvailable());
      assertEquals(1, warehouse.watcherCount());
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (warehouse.watcherCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(0, warehouse.watcherCount());
    assertTrue(inventory.reserve("widget", 1).getRemaining() == 9);
  }
}
