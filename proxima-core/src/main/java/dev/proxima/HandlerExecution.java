package dev.proxima;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Where a service's handlers run. Chosen per server and overridable per service.
 *
 * <ul>
 *   <li>{@link #virtualThreads()} (the default): each call gets a virtual thread, so a handler may
 *       block (call a database, make another RPC) without holding up anyone else.
 *   <li>{@link #eventLoop()}: on the connection's event loop, with no thread hop at all — only for
 *       handlers that never block.
 *   <li>{@link #executor(Executor)}: on an executor the user owns.
 * </ul>
 */
public final class HandlerExecution {
  private static final HandlerExecution VIRTUAL_THREADS = new HandlerExecution(Kind.VIRTUAL_THREADS, null);
  private static final HandlerExecution EVENT_LOOP = new HandlerExecution(Kind.EVENT_LOOP, null);

  /** The three places a handler can run. */
  public enum Kind {
    VIRTUAL_THREADS,
    EVENT_LOOP,
    EXECUTOR
  }

  private final Kind kind;
  private final Executor executor;

  private HandlerExecution(Kind kind, Executor executor) {
    this.kind = kind;
    this.executor = executor;
  }

  /** A virtual thread per call: handlers may block. The default. */
  public static HandlerExecution virtualThreads() {
    return VIRTUAL_THREADS;
  }

  /** On the event loop: no hop, lowest latency; the handler must never block. */
  public static HandlerExecution eventLoop() {
    return EVENT_LOOP;
  }

  /** On {@code executor}; a call's events still arrive one at a time, in order. */
  public static HandlerExecution executor(Executor executor) {
    return new HandlerExecution(Kind.EXECUTOR, Objects.requireNonNull(executor, "executor"));
  }

  public Kind kind() {
    return kind;
  }

  /** The user's executor for {@link Kind#EXECUTOR}, else null. */
  public Executor userExecutor() {
    return executor;
  }

  @Override
  public String toString() {
    return "HandlerExecution[" + kind + "]";
  }
}
