package dev.proxima.internal.io;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One thread, one {@link Selector}: the sockets registered here, the tasks submitted here and the
 * timers scheduled here all run on that thread, one at a time.
 *
 * <p>Each turn of the loop:
 *
 * <ol>
 *   <li>selects: blocks if there is nothing to do, with a timeout up to the next timer tick when
 *       timers are pending; {@code selectNow()} when tasks are queued or timers due;
 *   <li>handles each ready key as the selector reports it: reads (into one reused direct buffer,
 *       passed to {@link ConnectionHandler#onRead}), connect completions, write readiness, accepts;
 *   <li>runs queued tasks, at most {@value #MAX_TASKS_PER_TURN} so sockets are not starved;
 *   <li>fires due timers;
 *   <li>flushes every connection that called {@link NioConnection#flushLater()} during the turn,
 *       one gathering write each.
 * </ol>
 *
 * <p>The thread never blocks except in {@code select}, never sleeps and holds no lock. An exception
 * from a handler closes that connection; an exception from a task or timer is logged; neither ends
 * the loop.
 *
 * <p>Threading: {@link #execute}, {@link #schedule}, {@link #connect}, {@link #register} and
 * {@link #inEventLoop} may be called from any thread. Everything else in this package that is not
 * documented as thread-safe must be called on the loop thread. After the loop is {@linkplain
 * #shutdown() shut down}, {@link #execute} drops tasks quietly (they never run), {@link #connect}
 * returns a failed future and {@link #register} closes the channel it is given.
 */
public final class EventLoop implements Executor {
  private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
  static final int MAX_TASKS_PER_TURN = 1024;
  static final int READ_BUFFER_SIZE = 64 * 1024;
  /** Chunks a loop keeps for its connections' next writes: enough for that many busy at once. */
  static final int MAX_CACHED_CHUNKS = 64;
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final int WHEEL_SLOTS = 512;

  private static final int RUNNING = 0;
  private static final int SHUTTING_DOWN = 1;
  private static final int TERMINATED = 2;

  private final Thread thread;
  private final Selector selector;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /**
   * True while the loop is in, or about to enter, a blocking select: only then must a producer pay
   * for {@link Selector#wakeup()}. Producers clear it by compare-and-set, so one wakeup per sleep.
   */
  private final AtomicBoolean selecting = new AtomicBoolean();
  private final TimerWheel timers;
  /** {@link #handleReadyKey}, made once: the selector calls it for every ready key. */
  private final Consumer<SelectionKey> readyKeyHandler = this::handleReadyKey;
  /** Shared by every connection of this loop: data is handed to onRead and never kept. */
  final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
  /** Written outbound chunks, shared by every connection of this loop (at most 64 × 4 KiB). */
  final ChunkCache chunkCache = new ChunkCache(MAX_CACHED_CHUNKS);
  /**
   * The array a gathering write hands the socket, shared by every connection of this loop: one
   * write at a time, its slots null between writes. Loop thread only.
   */
  private ByteBuffer[] writeArray = new ByteBuffer[16];
  /** Connections that asked {@link NioConnection#flushLater()} this turn. Loop thread only. */
  private final List<NioConnection> flushQueue = new ArrayList<>();
  private volatile int state = RUNNING;
  /** Selector wakeups issued by producers (tests check they are not one per task). */
  private final AtomicLong wakeups = new AtomicLong();

  EventLoop(String name, boolean daemon) throws IOException {
    this.selector = Selector.open();
    this.thread = new Thread(this::run, name);
    thread.setDaemon(daemon);
    this.timers = new TimerWheel(System::nanoTime, TICK_NANOS, WHEEL_SLOTS, this);
    timers.bindOwner(thread);
  }

  void start() {
    thread.start();
  }

  Thread thread() {
    return thread;
  }

  /** The loop's write array, grown to hold at least {@code length} chunks. Loop thread only. */
  ByteBuffer[] writeArray(int length) {
    if (writeArray.length < length) {
      writeArray = new ByteBuffer[Math.max(length, 2 * writeArray.length)];
    }
    return writeArray;
  }

  /** Whether {@code array} is the loop's write array, which a write must leave empty. */
  boolean isWriteArray(ByteBuffer[] array) {
    return array == writeArray;
  }

  /** True when called on this loop's thread. Any thread. */
  public boolean inEventLoop() {
    return Thread.currentThread() == thread;
  }

  /** False once {@link #shutdown()} has been called. Any thread. */
  public boolean isRunning() {
    return state == RUNNING;
  }

  /**
   * Runs {@code task} on the loop thread, after the tasks submitted before it (FIFO per
   * submitter). Any thread. Once the loop has shut down the task is dropped quietly: it does not
   * run and no exception is thrown (use {@link #isRunning()} to know).
   */
  @Override
  public void execute(Runnable task) {
    offer(task);
  }

  /**
   * Queues {@code task}; false if the loop has terminated and the task will never run. The
   * re-check after the offer closes the race with the loop's final drain: either the drain ran the
   * task, or the submitter takes it back out.
   */
  boolean offer(Runnable task) {
    if (task == null) {
      throw new NullPointerException("task");
    }
    if (state == TERMINATED) {
      return false;
    }
    tasks.offer(task);
    if (state == TERMINATED && tasks.remove(task)) {
      return false;
    }
    if (!inEventLoop() && selecting.compareAndSet(true, false)) {
      wakeups.incrementAndGet();
      selector.wakeup();
    }
    return true;
  }

  /**
   * Runs {@code task} on the loop thread after {@code delay} (never earlier; later by about a
   * millisecond tick plus loop latency). Any thread. After shutdown the returned timeout never
   * fires.
   */
  public Timeout schedule(Runnable task, long delay, TimeUnit unit) {
    if (task == null) {
      throw new NullPointerException("task");
    }
    Timeout t = timers.newTimeout(task, unit.toNanos(delay));
    if (inEventLoop()) {
      timers.add(t);
    } else if (!offer(() -> timers.add(t))) {
      t.cancel();
    }
    return t;
  }

  /**
   * Opens a non-blocking socket to {@code remote} (TCP_NODELAY on) registered with this loop. The
   * future completes, on the loop thread, after {@link ConnectionHandler#onRegistered} and
   * {@link ConnectionHandler#onOpen} returned; it fails if the connection cannot be made (the
   * handler is then never called). Any thread.
   */
  public CompletableFuture<NioConnection> connect(SocketAddress remote, ConnectionHandler handler) {
    CompletableFuture<NioConnection> future = new CompletableFuture<>();
    if (!offer(() -> doConnect(remote, handler, future))) {
      future.completeExceptionally(new RejectedExecutionException("event loop shut down"));
    }
    return future;
  }

  /**
   * Adopts an accepted socket: makes it non-blocking with TCP_NODELAY, registers it for reads and
   * calls {@link ConnectionHandler#onRegistered} and {@link ConnectionHandler#onOpen} on the loop
   * thread. Any thread: on the loop's own thread (the accepting loop) at once, without a task. If
   * the loop has shut down the channel is closed.
   */
  public void register(SocketChannel accepted, ConnectionHandler handler) {
    if (inEventLoop() && state == RUNNING) {
      doRegister(accepted, handler);
    } else if (!offer(() -> doRegister(accepted, handler))) {
      closeQuietly(accepted);
    }
  }

  /**
   * Asks the loop to stop: at the end of its current turn it closes every connection (each handler
   * gets {@code onClosed(null)}), fails pending connects, runs the tasks still queued, closes the
   * selector and ends its thread. Any thread; idempotent; does not wait (see {@link #awaitTermination}).
   */
  void shutdown() {
    if (state == RUNNING) {
      state = SHUTTING_DOWN;
      selector.wakeup();
    }
  }

  /** Waits up to {@code millis} for the thread to end; true if it has. Not on the loop thread. */
  boolean awaitTermination(long millis) throws InterruptedException {
    if (inEventLoop()) {
      return false;
    }
    thread.join(Math.max(1, millis));
    return !thread.isAlive();
  }

  long wakeups() {
    return wakeups.get();
  }

  Selector selector() {
    return selector;
  }

  /** Loop thread: queue {@code c} for the end-of-turn flush. */
  void scheduleFlush(NioConnection c) {
    flushQueue.add(c);
  }

  // ---------------------------------------------------------------------------------------------
  // The loop.

  private void run() {
    try {
      while (state == RUNNING) {
        try {
          select();
          runTasks();
          timers.expire();
          flush();
        } catch (ClosedSelectorException e) {
          break;
        } catch (Throwable e) {
          // Whatever slipped past the per-connection handling: keep the loop alive.
          LOG.log(System.Logger.Level.ERROR, "event loop turn failed", e);
        }
      }
    } finally {
      terminate();
    }
  }

  /**
   * Selects and handles each ready key as the selector finds it ({@link Selector#select(Consumer)}),
   * so that no selected-key set is filled and iterated: no garbage per ready socket.
   */
  private void select() throws IOException {
    long timerWait = timers.nanosUntilNextExpiry();
    if (!tasks.isEmpty() || timerWait == 0) {
      selector.selectNow(readyKeyHandler);
      return;
    }
    // Announce the sleep first, then re-check: a producer that queued before seeing the flag is
    // caught by the re-check; one that queued after will see the flag and wake us up.
    selecting.set(true);
    try {
      if (!tasks.isEmpty() || state != RUNNING) {
        selector.selectNow(readyKeyHandler);
      } else if (timerWait < 0) {
        selector.select(readyKeyHandler);
      } else {
        selector.select(readyKeyHandler, Math.max(1, TimeUnit.NANOSECONDS.toMillis(timerWait + 999_999)));
      }
    } finally {
      selecting.set(false);
    }
  }

  private void handleReadyKey(SelectionKey key) {
    Object a = key.attachment();
    if (a instanceof NioConnection c) {
      c.handleReady(key);
    } else if (a instanceof ServerAcceptor s) {
      s.handleAccept();
    }
  }

  private void runTasks() {
    for (int i = 0; i < MAX_TASKS_PER_TURN; i++) {
      Runnable task = tasks.poll();
      if (task == null) {
        return;
      }
      runSafely(task);
    }
  }

  private void flush() {
    // Index loop: closing a connection may run handler code that queues more flushes.
    for (int i = 0; i < flushQueue.size(); i++) {
      flushQueue.get(i).flushNow();
    }
    flushQueue.clear();
  }

  private void terminate() {
    state = TERMINATED;
    try {
      for (SelectionKey key : selector.keys()) {
        Object a = key.attachment();
        if (a instanceof NioConnection c) {
          c.closeNow(null);
        } else if (a instanceof ServerAcceptor s) {
          s.closeNow();
        }
      }
    } catch (ClosedSelectorException ignored) {
      // nothing left to close
    }
    Runnable task;
    while ((task = tasks.poll()) != null) {
      runSafely(task);
    }
    try {
      selector.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "closing selector failed", e);
    }
  }

  private static void runSafely(Runnable task) {
    try {
      task.run();
    } catch (Throwable e) {
      LOG.log(System.Logger.Level.WARNING, "event loop task failed", e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Registration (loop thread).

  private void doConnect(
      SocketAddress remote, ConnectionHandler handler, CompletableFuture<NioConnection> future) {
    SocketChannel ch = null;
    try {
      if (state == TERMINATED) {
        throw new RejectedExecutionException("event loop shut down");
      }
      ch = SocketChannel.open();
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      NioConnection c = new NioConnection(this, ch, handler, future);
      boolean connected = ch.connect(remote);
      c.setKey(ch.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, c));
      if (connected) {
        c.opened();
      }
    } catch (Throwable e) {
      closeQuietly(ch);
      future.completeExceptionally(e);
    }
  }

  private void doRegister(SocketChannel ch, ConnectionHandler handler) {
    try {
      if (state == TERMINATED) {
        throw new RejectedExecutionException("event loop shut down");
      }
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      NioConnection c = new NioConnection(this, ch, handler, null);
      c.setKey(ch.register(selector, SelectionKey.OP_READ, c));
      c.opened();
    } catch (Throwable e) {
      LOG.log(System.Logger.Level.DEBUG, "registering accepted socket failed", e);
      closeQuietly(ch);
    }
  }

  static void closeQuietly(java.io.Closeable ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing useful to do
      }
    }
  }

  @Override
  public String toString() {
    return "EventLoop[" + thread.getName() + "]";
  }
}
