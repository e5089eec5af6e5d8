package dev.proxima.benchmarks;

import dev.proxima.ManagedChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection of the load generator: at most {@code streams} calls open at once. In open-loop
 * mode, calls whose scheduled start finds every slot taken wait in a backlog and start when a slot
 * frees, their latency still counted from the scheduled start.
 */
final class Lane {
  final ManagedChannel channel;
  private final int streams;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentLinkedQueue<Long> backlog = new ConcurrentLinkedQueue<>();

  Lane(ManagedChannel channel, int streams) {
    this.channel = channel;
    this.streams = streams;
  }

  /** Takes a slot if one is free. */
  boolean tryAcquire() {
    if (open.incrementAndGet() <= streams) {
      return true;
    }
    open.decrementAndGet();
    return false;
  }

  void release() {
    open.decrementAndGet();
  }

  int open() {
    return open.get();
  }

  int backlog() {
    return backlog.size();
  }

  /** Open loop: a call scheduled for {@code scheduledNanos}; starts it now or queues it. */
  void submit(long scheduledNanos, LoadGenerator generator) {
    backlog.add(scheduledNanos);
    pump(generator);
  }

  /** Starts queued calls while slots are free. */
  void pump(LoadGenerator generator) {
    while (!backlog.isEmpty() && tryAcquire()) {
      Long scheduled = backlog.poll();
      if (scheduled == null) {
        release();
        continue;
      }
      generator.startCall(this, scheduled);
    }
  }

  /** Drops what is still queued; returns how many calls that was. */
  int clearBacklog() {
    int n = 0;
    while (backlog.poll() != null) {
      n++;
    }
    return n;
  }
}
