package dev.proxima.examples.inventory;

import dev.proxima.Status;
import dev.proxima.StatusException;
import dev.proxima.stub.ServerCallStreamObserver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A warehouse's stock. {@code Reserve} takes items out of the stock or fails with
 * FAILED_PRECONDITION when there are too few; {@code Watch} streams the stock and its changes.
 */
public final class InventoryServer implements InventoryProxima.InventoryService {
  /** Guards {@link #stock} and the numbering of reservations; a lock, so virtual threads never pin. */
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Integer> stock = new LinkedHashMap<>();
  private final List<BlockingQueue<StockEvent>> watchers = new CopyOnWriteArrayList<>();
  private int reservations;

  /** A warehouse holding {@code initialStock} (sku to count). */
  public InventoryServer(Map<String, Integer> initialStock) {
    stock.putAll(initialStock);
  }

  @Override
  public ReserveReply reserve(ReserveRequest request) throws StatusException {
    if (request.getQuantity() < 1) {
      throw Status.INVALID_ARGUMENT.withDescription("quantity must be at least 1").asException();
    }
    lock.lock();
    try {
      Integer available = stock.get(request.getSku());
      if (available == null) {
        throw Status.NOT_FOUND.withDescription("unknown sku " + request.getSku()).asException();
      }
      if (request.getQuantity() > available) {
        throw Status.FAILED_PRECONDITION
            .withDescription("only " + available + " of " + request.getSku() + " in stock, "
                + request.getQuantity() + " asked")
            .asException();
      }
      int remaining = available - request.getQuantity();
      stock.put(request.getSku(), remaining);
      String id = "R-" + ++reservations;
      StockEvent change = StockEvent.newBuilder().setSku(request.getSku()).setAvailable(remaining).setCause(id).build();
      for (BlockingQueue<StockEvent> watcher : watchers) {
        watcher.add(change);
      }
      return ReserveReply.newBuilder().setReservationId(id).setSku(request.getSku())
          .setQuantity(request.getQuantity()).setRemaining(remaining).build();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void watch(WatchRequest request, ServerCallStreamObserver<StockEvent> responses) {
    Set<String> skus = Set.copyOf(request.getSkusList());
    long limit = request.getMaxEvents() == 0 ? Long.MAX_VALUE : request.getMaxEvents();
    BlockingQueue<StockEvent> events = new LinkedBlockingQueue<>();
    lock.lock();
    try {
      for (Map.Entry<String, Integer> entry : stock.entrySet()) {
        events.add(StockEvent.newBuilder().setSku(entry.getKey()).setAvailable(entry.getValue())
            .setCause("initial").build());
      }
      watchers.add(events);
    } finally {
      lock.unlock();
    }
    try {
      long sent = 0;
      // This handler blocks on its queue: fine on a virtual thread. It polls so that it notices a
      // cancelled call (client gone, deadline passed) within 50 ms.
      while (sent < limit && !responses.isCancelled()) {
        StockEvent event = events.poll(50, TimeUnit.MILLISECONDS);
        if (event != null && (skus.isEmpty() || skus.contains(event.getSku()))) {
          responses.onNext(event);
          sent++;
        }
      }
      if (!responses.isCancelled()) {
        responses.onCompleted();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      watchers.remove(events);
    }
  }

  /** The stock now, sku to count. */
  public Map<String, Integer> stock() {
    lock.lock();
    try {
      return new LinkedHashMap<>(stock);
    } finally {
      lock.unlock();
    }
  }

  /** How many Watch calls are streaming now. */
  public int watcherCount() {
    return watchers.size();
  }
}
