package dev.proxima.internal.call;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The timer calls use for deadlines and reconnection backoff: one daemon thread for the process,
 * whose tasks only hand work on (they never block it).
 */
final class Timers {
  private static final ScheduledThreadPoolExecutor TIMER = create();

  private Timers() {}

  private static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "proxima-timer");
      thread.setDaemon(true);
      return thread;
    });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  static ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    return TIMER.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
  }
}
