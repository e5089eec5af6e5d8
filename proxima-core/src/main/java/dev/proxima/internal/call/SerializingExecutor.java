package dev.proxima.internal.call;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs tasks one at a time, in the order given, on an underlying executor: a call's events never
 * overlap and never reorder, whichever threads the underlying executor uses. Lock-free.
 *
 * <p>Thread-safe: {@link #execute} may be called from any thread.
 */
public final class SerializingExecutor implements Executor {
  private static final Logger log = Logger.getLogger(SerializingExecutor.class.getName());

  private final Executor delegate;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();

  public SerializingExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    schedule();
  }

  private void schedule() {
    if (running.compareAndSet(false, true)) {
      try {
        delegate.execute(this::drain);
      } catch (RuntimeException e) {
        running.set(false);
        throw e;
      }
    }
  }

  private void drain() {
    try {
      Runnable task;
      while ((task = tasks.poll()) != null) {
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          log.log(Level.SEVERE, "task threw in a serializing executor", e);
        }
      }
    } finally {
      running.set(false);
    }
    // A task added after the last poll but before running was cleared would be stranded.
    if (!tasks.isEmpty()) {
      schedule();
    }
  }
}
