package dev.proxima;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a piece of work runs in: values keyed by {@link Key}, a {@link Deadline}, and cancellation,
 * carried from a caller to the code it calls, also across threads ({@link #wrap}, {@link
 * #currentContextExecutor}).
 *
 * <p>A context is immutable: {@link #withValue}, {@link #withCancellation} and {@link
 * #withDeadline} make children. A child sees its ancestors' values (unless it shadows them), their
 * deadline (the earliest one), and their cancellation: when a {@link CancellableContext} is
 * cancelled, so is every context made from it, and their {@link CancellationListener}s run. The
 * only mutable state is the cancellation of a {@link CancellableContext}, which is thread-safe.
 *
 * <p>Each thread (virtual threads too) has a current context, {@link #ROOT} until one is {@link
 * #attach attached}. Attach and detach in pairs, best with {@link #run} or {@link #call}:
 *
 * <pre>{@code
 * Context previous = context.attach();
 * try {
 *   ...
 * } finally {
 *   context.detach(previous);
 * }
 * }</pre>
 */
public class Context {
  /**
   * Called once when a context is cancelled.
   */
  @FunctionalInterface
  public interface CancellationListener {
    /** {@code context} (the one the listener was added to) has been cancelled. */
    void cancelled(Context context);
  }

  /**
   * The name of a value in a context. Keys are compared by identity: two keys with the same name are
   * different keys, so a value can be read only by code that holds its key.
   *
   * @param <T> the type of the value
   */
  public static final class Key<T> {
    private final String name;
    private final T defaultValue;

    private Key(String name, T defaultValue) {
      this.name = Objects.requireNonNull(name, "name");
      this.defaultValue = defaultValue;
    }

    /** A new key whose value is null where not set. {@code name} is for debugging only. */
    public static <T> Key<T> named(String name) {
      return new Key<>(name, null);
    }

    /** A new key whose value is {@code defaultValue} where not set. */
    public static <T> Key<T> named(String name, T defaultValue) {
      return new Key<>(name, defaultValue);
    }

    /** This key's value in the {@link Context#current current} context. */
    public T get() {
      return Context.current().get(this);
    }

    /** The value where none is set. */
    public T defaultValue() {
      return defaultValue;
    }

    /** The name given when the key was made. */
    @Override
    public String toString() {
      return name;
    }
  }

  /** A key and its value, in front of the values of the parent: an immutable linked list. */
  private record Entry(Key<?> key, Object value, Entry next) {}

  private static final Logger log = Logger.getLogger(Context.class.getName());
  private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();

  /** The context with no values, no deadline, that is never cancelled; the current one by default. */
  public static final Context ROOT = new Context(null, null);

  private final Entry values;
  /** The nearest cancellable ancestor (for a CancellableContext: its parent's), or null. */
  private final CancellableContext cancellableAncestor;

  private Context(Entry values, CancellableContext cancellableAncestor) {
    this.values = values;
    this.cancellableAncestor = cancellableAncestor;
  }

  /** The current thread's context: the last one attached and not detached, else {@link #ROOT}. */
  public static Context current() {
    Context c = CURRENT.get();
    return c == null ? ROOT : c;
  }

  /**
   * Makes this the current thread's context and returns the one it replaces, to pass to {@link
   * #detach}.
   */
  public Context attach() {
    Context previous = current();
    CURRENT.set(this);
    return previous;
  }

  /**
   * Makes {@code previous} (what {@link #attach} returned) current again. If this context is not the
   * current one, attach and detach were not paired; that is logged (at FINE) and {@code previous}
   * is restored anyway.
   */
  public void detach(Context previous) {
    Objects.requireNonNull(previous, "previous");
    if (current() != this && log.isLoggable(Level.FINE)) {
      log.log(Level.FINE, "Context.detach: this context is not the current one", new Throwable());
    }
    // ROOT is kept as null, not removed: removing would make the next get() on this thread (the
    // next call on an event loop) allocate a new thread-local entry.
    CURRENT.set(previous == ROOT ? null : previous);
  }

  /** Runs {@code r} with this as the current context, then restores the previous one. */
  public void run(Runnable r) {
    Context previous = attach();
    try {
      r.run();
    } finally {
      detach(previous);
    }
  }

  /** Calls {@code c} with this as the current context, then restores the previous one. */
  public <V> V call(Callable<V> c) throws Exception {
    Context previous = attach();
    try {
      return c.call();
    } finally {
      detach(previous);
    }
  }

  /** A runnable that runs {@code r} in this context, on whatever thread runs it. */
  public Runnable wrap(Runnable r) {
    Objects.requireNonNull(r, "r");
    return () -> run(r);
  }

  /** An executor that runs each task on {@code e} in this context. */
  public Executor fixedContextExecutor(Executor e) {
    Objects.requireNonNull(e, "e");
    return task -> e.execute(wrap(task));
  }

  /**
   * An executor that runs each task on {@code e} in the context that was current when the task was
   * given to {@link Executor#execute}.
   */
  public static Executor currentContextExecutor(Executor e) {
    Objects.requireNonNull(e, "e");
    return task -> e.execute(current().wrap(task));
  }

  /** A child with {@code key} set to {@code value} (shadowing any ancestor's value for it). */
  public <V> Context withValue(Key<V> key, V value) {
    Objects.requireNonNull(key, "key");
    return new Context(new Entry(key, value, values), nearestCancellable());
  }

  /**
   * The value of {@code key} here: the nearest one set on this context or an ancestor; the key's
   * default when there is none, or when it was set to null.
   */
  @SuppressWarnings("unchecked")
  public <V> V get(Key<V> key) {
    for (Entry e = values; e != null; e = e.next) {
      if (e.key == key) {
        return e.value == null ? key.defaultValue : (V) e.value;
      }
    }
    return key.defaultValue;
  }

  /** The earliest deadline of this context and its ancestors, or null if none has one. */
  public Deadline deadline() {
    CancellableContext c = nearestCancellable();
    return c == null ? null : c.deadline;
  }

  /** Whether this context or an ancestor has been cancelled (or its deadline has passed). */
  public boolean isCancelled() {
    CancellableContext c = nearestCancellable();
    return c != null && c.isCancelled();
  }

  /**
   * Why this context was cancelled, or null if it is not: the cause passed to {@link
   * CancellableContext#cancel} (a {@link CancellationException} if that was null), or a {@link
   * TimeoutException} when the deadline passed.
   */
  public Throwable cancellationCause() {
    CancellableContext c = nearestCancellable();
    return c == null ? null : c.cancellationCause();
  }

  /**
   * Has {@code listener} called on {@code executor}, once, when this context is cancelled: at once
   * if it already is, never if it cannot be (as {@link #ROOT}).
   */
  public void addListener(CancellationListener listener, Executor executor) {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(executor, "executor");
    CancellableContext c = nearestCancellable();
    if (c != null) {
      c.addListener(new Listener(this, listener, executor));
    }
  }

  /** Undoes {@link #addListener} (every registration of {@code listener} on this context). */
  public void removeListener(CancellationListener listener) {
    CancellableContext c = nearestCancellable();
    if (c != null) {
      c.removeListener(this, listener);
    }
  }

  /**
   * A child that can be cancelled on its own (and is cancelled with this one). Cancel or close it
   * when done with it, so it stops listening to this context.
   */
  public CancellableContext withCancellation() {
    return new CancellableContext(this, null);
  }

  /**
   * A cancellable child whose deadline is the earlier of {@code deadline} and this context's; it
   * cancels itself, with a {@link TimeoutException}, when its deadline passes.
   */
  public CancellableContext withDeadline(Deadline deadline) {
    Objects.requireNonNull(deadline, "deadline");
    return new CancellableContext(this, deadline);
  }

  /** {@code withDeadline(Deadline.after(duration, unit))}. */
  public CancellableContext withDeadlineAfter(long duration, TimeUnit unit) {
    return withDeadline(Deadline.after(duration, unit));
  }

  /** The context whose cancellation this one shares: itself if cancellable, else an ancestor. */
  CancellableContext nearestCancellable() {
    return cancellableAncestor;
  }

  /** A listener, the context it was added to, and where to run it. */
  private record Listener(Context context, CancellationListener listener, Executor executor) {
    void fire() {
      try {
        executor.execute(() -> listener.cancelled(context));
      } catch (RuntimeException e) {
        log.log(Level.WARNING, "Cancellation listener could not be executed", e);
      }
    }
  }

  /**
   * A context that can be cancelled, by {@link #cancel}, {@link #close}, its deadline passing, or its
   * parent being cancelled. Cancellation happens once; its listeners then run once each.
   */
  public static final class CancellableContext extends Context implements AutoCloseable {
    private final CancellableContext parent;
    private final Deadline deadline;
    /** Registered on the parent, when this context has listeners of its own. */
    private final CancellationListener parentListener;

    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean cancelled;
    // Written before cancelled is set; null after cancel(null) until cancellationCause() first
    // asks: every server call's context is cancelled when the call completes, and an exception
    // made then (stack trace filled in) would cost each call ~1 KB and microseconds for nothing.
    private volatile Throwable cause;
    private List<Listener> listeners; // guarded by lock; null once cancelled
    private boolean listeningToParent; // guarded by lock
    private ScheduledFuture<?> timer; // guarded by lock

    private CancellableContext(Context parent, Deadline ownDeadline) {
      super(parent.values, null);
      this.parent = parent.nearestCancellable();
      Deadline inherited = parent.deadline();
      this.deadline = ownDeadline == null ? inherited : ownDeadline.minimum(inherited);
      this.parentListener = c -> cancel(this.parent.cancellationCause());
      if (ownDeadline != null && deadline == ownDeadline) {
        // A sooner inherited deadline is the parent's to enforce.
        if (deadline.isExpired()) {
          cancel(deadlineExceeded());
        } else {
          ScheduledFuture<?> f =
              Timers.SCHEDULER.schedule(
                  () -> cancel(deadlineExceeded()),
                  deadline.timeRemaining(TimeUnit.NANOSECONDS),
                  TimeUnit.NANOSECONDS);
          lock.lock();
          try {
            if (!cancelled) {
              timer = f;
              f = null;
            }
          } finally {
            lock.unlock();
          }
          if (f != null) {
            f.cancel(false);
          }
        }
      }
    }

    /**
     * Cancels this context and its descendants, unless already cancelled; then runs their
     * listeners. {@code cause} (may be null) is what {@link #cancellationCause} returns.
     *
     * @return whether this call cancelled it (false if it already was)
     */
    public boolean cancel(Throwable cause) {
      List<Listener> toRun;
      ScheduledFuture<?> toCancel;
      boolean stopListening;
      lock.lock();
      try {
        if (cancelled) {
          return false;
        }
        this.cause = cause;
        cancelled = true;
        toRun = listeners;
        listeners = null;
        toCancel = timer;
        timer = null;
        stopListening = listeningToParent;
        listeningToParent = false;
      } finally {
        lock.unlock();
      }
      if (toCancel != null) {
        toCancel.cancel(false);
      }
      if (stopListening) {
        parent.removeListener(this, parentListener);
      }
      if (toRun != null) {
        for (Listener l : toRun) {
          l.fire();
        }
      }
      return true;
    }

    /** {@code cancel(null)}. */
    @Override
    public void close() {
      cancel(null);
    }

    /** Whether this context or an ancestor has been cancelled (or its deadline has passed). */
    @Override
    public boolean isCancelled() {
      if (cancelled) {
        return true;
      }
      if (parent != null && parent.isCancelled()) {
        cancel(parent.cancellationCause());
        return true;
      }
      if (deadline != null && deadline.isExpired()) {
        cancel(deadlineExceeded());
        return true;
      }
      return false;
    }

    /** {@inheritDoc} */
    @Override
    public Throwable cancellationCause() {
      if (!isCancelled()) {
        return null;
      }
      Throwable c = cause;
      if (c == null) {
        lock.lock();
        try {
          if (cause == null) {
            cause = new CancellationException("context cancelled");
          }
          c = cause;
        } finally {
          lock.unlock();
        }
      }
      return c;
    }

    @Override
    CancellableContext nearestCancellable() {
      return this;
    }

    /** The nearest cancellable ancestor, or null. */
    CancellableContext parent() {
      return parent;
    }

    /** Whether this context has a deadline timer pending (for tests). */
    boolean hasTimer() {
      lock.lock();
      try {
        return timer != null;
      } finally {
        lock.unlock();
      }
    }

    /** How many listeners are waiting (for tests). */
    int listenerCount() {
      lock.lock();
      try {
        return listeners == null ? 0 : listeners.size();
      } finally {
        lock.unlock();
      }
    }

    private void addListener(Listener l) {
      boolean fireNow;
      boolean startListening = false;
      if (isCancelled()) {
        fireNow = true;
      } else {
        lock.lock();
        try {
          fireNow = cancelled;
          if (!fireNow) {
            if (listeners == null) {
              listeners = new ArrayList<>(2);
            }
            listeners.add(l);
            if (parent != null && !listeningToParent) {
              listeningToParent = startListening = true;
            }
          }
        } finally {
          lock.unlock();
        }
      }
      if (fireNow) {
        l.fire();
        return;
      }
      if (startListening) {
        parent.addListener(new Listener(this, parentListener, Runnable::run));
        if (cancelled) {
          // Cancelled meanwhile, perhaps before the registration could be undone: undo it now.
          parent.removeListener(this, parentListener);
        }
      }
    }

    private void removeListener(Context context, CancellationListener listener) {
      lock.lock();
      try {
        if (listeners != null) {
          listeners.removeIf(l -> l.context == context && l.listener == listener);
        }
      } finally {
        lock.unlock();
      }
    }

    private static TimeoutException deadlineExceeded() {
      return new TimeoutException("context deadline exceeded");
    }
  }

  /** How many deadline timers are scheduled, over all contexts (for tests). */
  static int pendingTimers() {
    return Timers.SCHEDULER.getQueue().size();
  }

  /** The one thread that cancels contexts at their deadlines, started on first use. */
  private static final class Timers {
    static final ScheduledThreadPoolExecutor SCHEDULER = newScheduler();

    private static ScheduledThreadPoolExecutor newScheduler() {
      ScheduledThreadPoolExecutor s =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "proxima-deadline");
                t.setDaemon(true);
                return t;
              });
      s.setRemoveOnCancelPolicy(true);
      return s;
    }
  }
}
