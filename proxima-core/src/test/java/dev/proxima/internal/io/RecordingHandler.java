package dev.proxima.internal.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Test handler: records what the connection reports; optionally echoes what it reads. */
class RecordingHandler implements ConnectionHandler {
  final CompletableFuture<Connection> registered = new CompletableFuture<>();
  final CompletableFuture<Connection> opened = new CompletableFuture<>();
  /** The lifecycle calls in the order they came: "registered", "open", "closed". */
  final List<String> calls = new CopyOnWriteArrayList<>();
  /** Closes the connection as soon as it is registered, as a handler asked to close early does. */
  volatile boolean closeWhenRegistered;
  /** Completes with the cause passed to onClosed (empty for null). */
  final CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();
  final AtomicInteger closedCalls = new AtomicInteger();
  final AtomicInteger writableCalls = new AtomicInteger();
  final AtomicInteger pauses = new AtomicInteger();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final boolean echo;
  volatile boolean wrongThread;
  volatile Connection connection;

  RecordingHandler(boolean echo) {
    this.echo = echo;
  }

  static RecordingHandler echo() {
    return new RecordingHandler(true);
  }

  static RecordingHandler recording() {
    return new RecordingHandler(false);
  }

  @Override
  public void onRegistered(Connection c) {
    checkThread(c);
    calls.add("registered");
    registered.complete(c);
    if (closeWhenRegistered) {
      c.close();
    }
  }

  @Override
  public void onOpen(Connection c) {
    checkThread(c);
    calls.add("open");
    connection = c;
    opened.complete(c);
  }

  @Override
  public void onRead(ByteBuffer data) {
    checkThread(connection);
    if (echo) {
      connection.outbound().write(data);
      connection.flushLater();
      if (!connection.isWritable()) {
        // Backpressure: stop reading until the peer drains what we owe it.
        pauses.incrementAndGet();
        connection.setReadPaused(true);
      }
    } else {
      byte[] copy = new byte[data.remaining()];
      data.get(copy);
      synchronized (received) {
        received.writeBytes(copy);
      }
    }
  }

  @Override
  public void onWritable() {
    checkThread(connection);
    writableCalls.incrementAndGet();
    connection.setReadPaused(false);
  }

  @Override
  public void onClosed(Throwable cause) {
    calls.add("closed");
    closedCalls.incrementAndGet();
    closed.complete(Optional.ofNullable(cause));
  }

  byte[] received() {
    synchronized (received) {
      return received.toByteArray();
    }
  }

  int receivedCount() {
    synchronized (received) {
      return received.size();
    }
  }

  private void checkThread(Connection c) {
    if (c != null && !c.loop().inEventLoop()) {
      wrongThread = true;
    }
  }
}
