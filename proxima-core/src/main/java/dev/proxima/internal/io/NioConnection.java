package dev.proxima.internal.io;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * One socket owned by one {@link EventLoop}: reads go to its {@link ConnectionHandler}, writes are
 * queued in its {@link OutboundBuffer} and sent at the end of the loop turn.
 *
 * <p>Writing: the handler appends to {@link #outbound()} and calls {@link #flushLater()}; at the end
 * of the turn everything queued goes out in one gathering write. If the socket cannot take it all,
 * the rest stays queued, {@link #isWritable()} turns false and the loop waits for write readiness
 * (OP_WRITE is set only then); once all is written, {@link ConnectionHandler#onWritable()} is
 * called. Producers should stop while not writable: the buffer itself has no limit.
 *
 * <p>Threading: {@link #close()}, {@link #isOpen()}, {@link #isWritable()}, {@link #loop()} and the
 * address getters may be called from any thread; everything else only on the loop thread (handler
 * callbacks run there, and other threads get there with {@code loop().execute(...)}).
 */
public final class NioConnection implements Connection {
  private static final System.Logger LOG = System.getLogger(NioConnection.class.getName());
  /** Reads per ready event before moving on to the next connection, for fairness. */
  private static final int MAX_READS_PER_EVENT = 4;
  /** Write attempts per flush while the socket keeps taking bytes (gathering writes cap buffers). */
  private static final int MAX_WRITES_PER_FLUSH = 4;

  private final EventLoop loop;
  private final SocketChannel channel;
  private final ConnectionHandler handler;
  private final OutboundBuffer outbound;
  /** Completed when the connection opens; null for accepted sockets. */
  private final CompletableFuture<NioConnection> connectFuture;
  private SelectionKey key;
  private volatile SocketAddress remoteAddress;
  private volatile SocketAddress localAddress;

  /** Chunks a previous write left behind, from {@link #unwrittenIndex}; null when none. */
  private ByteBuffer[] unwritten;
  private int unwrittenIndex;
  private long unwrittenBytes;

  private boolean opened;
  private volatile boolean open = true;
  private volatile boolean writable = true;
  private boolean flushQueued;
  /** Set by {@link #closeAfterFlush}: close as soon as the last queued byte is written. */
  private boolean closeWhenFlushed;
  private boolean readPaused;
  /** Number of write system calls made (tests check coalescing). Written by the loop thread only. */
  private volatile long writeSyscalls;

  NioConnection(
      EventLoop loop,
      SocketChannel channel,
      ConnectionHandler handler,
      CompletableFuture<NioConnection> connectFuture) {
    this.loop = loop;
    this.channel = channel;
    this.handler = handler;
    this.connectFuture = connectFuture;
    this.outbound = new OutboundBuffer(loop.chunkCache);
  }

  void setKey(SelectionKey key) {
    this.key = key;
  }

  /** The loop that owns this connection. Any thread. */
  @Override
  public EventLoop loop() {
    return loop;
  }

  /** Where frames are queued. Loop thread only. */
  @Override
  public OutboundBuffer outbound() {
    return outbound;
  }

  /**
   * Asks for the queued bytes to be written at the end of the current loop turn, after all reads,
   * tasks and timers of the turn, so that they go out in one gathering write. Cheap to call once
   * per frame. Loop thread only.
   */
  @Override
  public void flushLater() {
    if (!loop.inEventLoop()) {
      throw new IllegalStateException("flushLater() off the event loop thread");
    }
    if (!flushQueued && open) {
      flushQueued = true;
      loop.scheduleFlush(this);
    }
  }

  /**
   * False while the socket is full and bytes remain queued: producers should wait for
   * {@link ConnectionHandler#onWritable()}. Any thread (a snapshot).
   */
  @Override
  public boolean isWritable() {
    return writable;
  }

  /** True until the connection is closed (on the loop thread). Any thread. */
  @Override
  public boolean isOpen() {
    return open;
  }

  /**
   * Closes the connection: bytes still queued get one best-effort non-blocking write, then the
   * socket is closed and {@link ConnectionHandler#onClosed onClosed(null)} called on the loop
   * thread. Any thread; idempotent. From another thread the close happens on the loop shortly
   * after (so {@link #isOpen()} may still be true right after this returns).
   */
  @Override
  public void close() {
    if (loop.inEventLoop()) {
      closeGracefully();
    } else {
      loop.execute(this::closeGracefully);
    }
  }

  /**
   * Writes everything queued, waiting for the socket as long as needed (up to
   * {@code timeoutMillis}), then closes: the way to send a last frame (GOAWAY) that must arrive
   * even behind megabytes of data. Loop thread only.
   */
  @Override
  public void closeAfterFlush(long timeoutMillis) {
    if (!loop.inEventLoop()) {
      throw new IllegalStateException("closeAfterFlush() off the event loop thread");
    }
    if (!open) {
      return;
    }
    if (opened && unwritten == null && !outbound.isEmpty()) {
      write();
    }
    if (!opened || (unwritten == null && outbound.isEmpty())) {
      closeNow(null);
      return;
    }
    closeWhenFlushed = true;
    loop.schedule(() -> closeNow(null), timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /**
   * Stops (true) or resumes (false) reading from the socket, e.g. while the peer's output cannot be
   * written. Loop thread only.
   */
  @Override
  public void setReadPaused(boolean paused) {
    if (readPaused == paused || !open || key == null || !key.isValid()) {
      readPaused = paused;
      return;
    }
    readPaused = paused;
    if (opened) {
      setInterest(SelectionKey.OP_READ, !paused);
    }
  }

  /** The peer's address, or null if unknown. Any thread. */
  @Override
  public SocketAddress remoteAddress() {
    return remoteAddress;
  }

  /** This side's address, or null if unknown. Any thread. */
  @Override
  public SocketAddress localAddress() {
    return localAddress;
  }

  /** Write system calls made so far; for tests. */
  long writeSyscalls() {
    return writeSyscalls;
  }

  // ---------------------------------------------------------------------------------------------
  // Loop-thread internals.

  /**
   * The socket is connected and registered: tell the handler (registered, then open unless it
   * closed the connection meanwhile), then whoever waits on connect.
   */
  void opened() {
    opened = true;
    try {
      remoteAddress = channel.getRemoteAddress();
      localAddress = channel.getLocalAddress();
    } catch (IOException ignored) {
      // addresses stay null
    }
    if (readPaused) {
      setInterest(SelectionKey.OP_READ, false);
    }
    try {
      handler.onRegistered(this);
      if (open) {
        handler.onOpen(this);
      }
    } catch (Throwable e) {
      closeNow(e);
      if (connectFuture != null) {
        connectFuture.completeExceptionally(e);
      }
      return;
    }
    if (connectFuture != null) {
      connectFuture.complete(this);
    }
  }

  void handleReady(SelectionKey k) {
    try {
      int ready = k.readyOps();
      if ((ready & SelectionKey.OP_CONNECT) != 0) {
        finishConnect();
        return;
      }
      if ((ready & SelectionKey.OP_WRITE) != 0) {
        writeReady();
      }
      if ((ready & SelectionKey.OP_READ) != 0 && open) {
        read();
      }
    } catch (CancelledKeyException e) {
      closeNow(null);
    }
  }

  private void finishConnect() {
    try {
      channel.finishConnect();
    } catch (IOException e) {
      failConnect(e);
      return;
    }
    key.interestOps(SelectionKey.OP_READ);
    opened();
  }

  private void failConnect(Throwable e) {
    open = false;
    writable = false;
    key.cancel();
    EventLoop.closeQuietly(channel);
    connectFuture.completeExceptionally(e);
  }

  private void read() {
    ByteBuffer buf = loop.readBuffer;
    for (int i = 0; i < MAX_READS_PER_EVENT && open && !readPaused; i++) {
      buf.clear();
      int n;
      try {
        n = channel.read(buf);
      } catch (IOException e) {
        closeNow(e);
        return;
      }
      if (n < 0) {
        closeNow(null);
        return;
      }
      if (n == 0) {
        return;
      }
      buf.flip();
      try {
        handler.onRead(buf);
      } catch (Throwable e) {
        closeNow(e);
        return;
      }
      if (n < buf.capacity()) {
        return; // the socket is very likely drained: don't pay for a read that returns 0
      }
    }
  }

  private void writeReady() {
    if (write() && open) {
      try {
        handler.onWritable();
      } catch (Throwable e) {
        closeNow(e);
      }
    }
  }

  /**
   * End-of-turn flush: lets the handler produce its last bytes ({@link ConnectionHandler#beforeFlush}),
   * then writes; the write is skipped while waiting for OP_WRITE, which will write everything.
   */
  void flushNow() {
    flushQueued = false;
    if (!open) {
      return;
    }
    try {
      handler.beforeFlush();
    } catch (Throwable e) {
      closeNow(e);
      return;
    }
    if (!open || unwritten != null || outbound.isEmpty()) {
      return;
    }
    write();
  }

  /**
   * Writes what is left over plus what is queued, in gathering writes. Returns true when the
   * socket went from full back to writable (the caller tells the handler).
   */
  private boolean write() {
    ByteBuffer[] bufs;
    int index = 0;
    int end;
    long remaining;
    if (unwritten == null) {
      remaining = outbound.readableBytes();
      bufs = loop.writeArray(outbound.maxDrained());
      end = outbound.drainTo(bufs, 0);
    } else if (outbound.isEmpty()) {
      bufs = unwritten;
      index = unwrittenIndex;
      end = bufs.length;
      remaining = unwrittenBytes;
    } else {
      remaining = unwrittenBytes + outbound.readableBytes();
      int left = unwritten.length - unwrittenIndex;
      bufs = new ByteBuffer[left + outbound.maxDrained()];
      System.arraycopy(unwritten, unwrittenIndex, bufs, 0, left);
      end = left + outbound.drainTo(bufs, left);
    }
    boolean borrowed = bufs != unwritten && loop.isWriteArray(bufs);
    try {
      for (int i = 0; i < MAX_WRITES_PER_FLUSH && remaining > 0; i++) {
        long n = channel.write(bufs, index, end - index);
        writeSyscalls++;
        remaining -= n;
        while (index < end && !bufs[index].hasRemaining()) {
          outbound.recycle(bufs[index]);
          bufs[index++] = null; // let written chunks be collected
        }
        if (n == 0) {
          break;
        }
      }
    } catch (IOException e) {
      if (borrowed) {
        Arrays.fill(bufs, index, end, null);
      }
      closeNow(e);
      return false;
    }
    if (remaining > 0 && (borrowed || end < bufs.length)) {
      // What is left keeps an array of its own: the loop's is for this write only.
      ByteBuffer[] rest = Arrays.copyOfRange(bufs, index, end);
      if (borrowed) {
        Arrays.fill(bufs, index, end, null);
      }
      bufs = rest;
      index = 0;
    } else if (borrowed && index < end) {
      Arrays.fill(bufs, index, end, null); // empty chunks nothing had to write
    }
    if (remaining > 0) {
      unwritten = bufs;
      unwrittenIndex = index;
      unwrittenBytes = remaining;
      if (writable) {
        writable = false;
        setInterest(SelectionKey.OP_WRITE, true);
      }
      return false;
    }
    unwritten = null;
    unwrittenBytes = 0;
    if (closeWhenFlushed && outbound.isEmpty()) {
      closeNow(null);
      return false;
    }
    if (!writable) {
      writable = true;
      setInterest(SelectionKey.OP_WRITE, false);
      return true;
    }
    return false;
  }

  private void setInterest(int op, boolean on) {
    try {
      int ops = key.interestOps();
      key.interestOps(on ? ops | op : ops & ~op);
    } catch (CancelledKeyException ignored) {
      // closing anyway
    }
  }

  private void closeGracefully() {
    if (open && opened && (unwritten != null || !outbound.isEmpty())) {
      write();
    }
    closeNow(null);
  }

  /** Closes at once, dropping queued bytes, and tells the handler. Loop thread; idempotent. */
  void closeNow(Throwable cause) {
    if (!open) {
      return;
    }
    if (!opened) {
      failConnect(cause != null ? cause : new IOException("event loop shut down before connecting"));
      return;
    }
    open = false;
    writable = false;
    if (key != null) {
      key.cancel();
    }
    EventLoop.closeQuietly(channel);
    unwritten = null;
    outbound.drain();
    if (cause != null) {
      LOG.log(System.Logger.Level.DEBUG, "connection closed by error", cause);
    }
    try {
      handler.onClosed(cause);
    } catch (Throwable e) {
      LOG.log(System.Logger.Level.WARNING, "onClosed failed", e);
    }
  }

  @Override
  public String toString() {
    return "NioConnection[" + localAddress + " -> " + remoteAddress + (open ? "" : ", closed") + "]";
  }
}
