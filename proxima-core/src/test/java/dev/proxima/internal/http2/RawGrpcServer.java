package dev.proxima.internal.http2;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A scripted server for a real channel: it accepts every connection the channel makes, does the
 * SETTINGS exchange on each ({@link RawPeer#serverHandshake}), and hands the test each request
 * that arrives, whole, with the peer it came on; the test answers with whatever octets it likes.
 * A channel opens a new connection only when its last one is unusable, so the newest connection
 * is where requests come from.
 *
 * <p>Threading: one thread accepts; {@link #nextRequest} and {@link #close} are for the test's
 * thread.
 */
final class RawGrpcServer implements AutoCloseable {
  /** A request on {@code peer}'s stream {@code streamId}; {@code newConnection} if the first there. */
  record Request(RawPeer peer, int streamId, boolean newConnection) {}

  /** The request header that tells calls apart, when the test gives each call its own value. */
  static final String CALL_ID = "x-call-id";

  private final ServerSocket listener;
  private final BlockingQueue<RawPeer> accepted = new LinkedBlockingQueue<>();
  private final List<RawPeer> all = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  private volatile boolean closed;
  private RawPeer current;
  private boolean currentUsed;

  RawGrpcServer() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofPlatform().daemon().name("raw-grpc-acceptor").start(this::acceptLoop);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Connections accepted so far. */
  int connections() {
    return all.size();
  }

  private void acceptLoop() {
    while (!closed) {
      RawPeer peer;
      try {
        peer = RawPeer.accept(listener);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        return; // the listener was closed
      }
      all.add(peer);
      try {
        peer.serverHandshake(new Http2Settings());
        accepted.add(peer);
      } catch (Exception | AssertionError e) {
        closeQuietly(peer); // the client gave up before the SETTINGS exchange finished
      }
    }
  }

  /**
   * The next request: its HEADERS and every DATA frame up to END_STREAM (a unary request), so
   * that what the test answers is not interleaved with the rest of the request. Frames that are
   * not a request (WINDOW_UPDATE, RST_STREAM of an earlier call, ...) are skipped, and so is a
   * request the client reset before it ended (its deadline passed), and one whose {@value #CALL_ID}
   * header is not {@code callId} (null: any): a request of an earlier call can arrive late. Null if
   * {@code givenUp} turns true first: the call ended before its request reached the server.
   */
  Request nextRequest(long timeoutMillis, String callId, BooleanSupplier givenUp) throws InterruptedException {
    return next(timeoutMillis, callId, givenUp, true);
  }

  /** The next request as soon as its HEADERS came, for calls that go on sending (streaming). */
  Request nextRequestStart(long timeoutMillis) throws InterruptedException {
    return next(timeoutMillis, null, () -> false, false);
  }

  private Request next(long timeoutMillis, String callId, BooleanSupplier givenUp, boolean whole)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (System.nanoTime() < end) {
      RawPeer fresh = accepted.poll();
      if (fresh != null) {
        if (current != null) {
          closeQuietly(current);
        }
        current = fresh;
        currentUsed = false;
      }
      if (current == null) {
        if (givenUp.getAsBoolean()) {
          return null;
        }
        Thread.sleep(1);
        continue;
      }
      RawPeer.Event e = current.events.poll(2, TimeUnit.MILLISECONDS);
      if (e != null && e.type() == FrameType.HEADERS && (callId == null || callId.equals(e.header(CALL_ID)))
          && (!whole || endOfRequest(current, e, end))) {
        boolean first = !currentUsed;
        currentUsed = true;
        return new Request(current, e.streamId(), first);
      }
      if (e == null && givenUp.getAsBoolean()) {
        return null;
      }
    }
    throw new AssertionError("no request came within " + timeoutMillis + " ms");
  }

  /** Waits for the end of the request {@code headers} began: true at END_STREAM, false at a reset. */
  private static boolean endOfRequest(RawPeer peer, RawPeer.Event headers, long end) throws InterruptedException {
    if (headers.flag()) {
      return true;
    }
    while (System.nanoTime() < end) {
      RawPeer.Event e = peer.events.poll(2, TimeUnit.MILLISECONDS);
      if (e != null && e.streamId() == headers.streamId()) {
        if (e.type() == FrameType.DATA && e.flag()) {
          return true;
        }
        if (e.type() == FrameType.RST_STREAM) {
          return false;
        }
      }
    }
    throw new AssertionError("request on stream " + headers.streamId() + " did not end");
  }

  private static void closeQuietly(RawPeer peer) {
    try {
      peer.close();
    } catch (IOException ignored) {
      // closing a socket the client may have closed already
    }
  }

  @Override
  public void close() throws Exception {
    closed = true;
    listener.close();
    acceptor.join(5000);
    for (RawPeer p : all) {
      closeQuietly(p);
    }
  }
}
