package dev.proxima.internal.io;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * TLS on an event loop: sits between a {@link Connection} (the socket) and an inner
 * {@link ConnectionHandler} (the protocol), with a JDK {@link SSLEngine} in between.
 *
 * <ul>
 *   <li>Reading: ciphertext from the socket is unwrapped, records gathered in an application
 *       buffer, and the plaintext handed to the inner handler's {@code onRead}. A record cut short
 *       by the read is kept (copied) until the rest arrives.
 *   <li>Writing: the inner handler sees a {@link Connection} whose {@link Connection#outbound()
 *       outbound buffer} holds plaintext; its {@code flushLater()} asks the socket for an end-of-turn
 *       flush, and in {@link #beforeFlush()} everything queued that turn is wrapped into records
 *       appended to the socket's outbound buffer. Socket writability and read pausing pass through.
 *   <li>Handshake: started in {@link #onOpen}, driven by reads; delegated tasks (certificate
 *       checks, signatures: a millisecond or so) run inline. When it finishes, the negotiated ALPN
 *       protocol must be the one expected, else the connection closes with "peer did not negotiate
 *       h2 via ALPN"; only then is the inner handler's {@code onOpen} called. A handshake not done
 *       in time (default {@link #DEFAULT_HANDSHAKE_TIMEOUT_MILLIS} ms) closes the connection.
 *   <li>Before the handshake the inner handler's {@code onRegistered} gets the plaintext
 *       connection it will later get in {@code onOpen}: closing it mid-handshake closes the socket
 *       at once, so a peer that never answers holds nothing up until the timeout.
 *   <li>Closing: the inner connection's close sends close_notify after the queued data (mid-
 *       handshake, whatever alert the engine has to say). Errors (bad certificate, not TLS at all)
 *       send the engine's alert if it has one and close; the inner handler's {@code onClosed} gets
 *       the {@link SSLException}, also when it was never opened (so whoever waits for the
 *       connection learns why it failed), or null when it closed the connection itself.
 * </ul>
 *
 * <p>Threading: like every handler, all of it runs on the connection's loop thread, except the
 * inner connection's any-thread methods, which hop to the loop. Nothing blocks.
 */
public final class TlsHandler implements ConnectionHandler {
  /** How long a peer gets to complete the handshake, by default. */
  public static final long DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 10_000;
  /** The largest ciphertext chunk one wrap pass builds before starting another. */
  private static final int MAX_NET_CHUNK = 256 << 10;
  private static final ByteBuffer[] NONE = new ByteBuffer[0];

  private final SSLEngine engine;
  private final String applicationProtocol;
  private final ConnectionHandler inner;
  private final long handshakeTimeoutMillis;
  private final Plaintext plaintext = new Plaintext();
  /** Plaintext the inner handler queued and the engine has not yet taken. */
  private final OutboundBuffer plainOut = new OutboundBuffer();
  /** Plaintext a wrap could not take (mid-handshake); wrapped before {@link #plainOut}. */
  private ByteBuffer[] plainLeft = NONE;

  private Connection socket;
  /** Ciphertext held back because a record was incomplete; in write mode. Null when none. */
  private ByteBuffer netIn;
  /** Unwrapped plaintext waiting to be handed on; in write mode. */
  private ByteBuffer appIn;
  /** The engine's largest plaintext record: {@link #appIn} hands on before it has less room. */
  private int appBufferSize;
  private Timeout handshakeTimeout;
  private boolean handshakeDone;
  private boolean innerOpen;
  private boolean closed;
  /** True in {@link #beforeFlush()}: the socket is flushing anyway. */
  private boolean flushing;
  /** The error that made us close, reported to the inner handler instead of the socket's. */
  private Throwable failure;
  /** The inner handler closed the connection: no error to report, even mid-handshake. */
  private boolean closedByInner;

  /**
   * @param engine a fresh engine in client or server mode, with ALPN offering
   *     {@code applicationProtocol}
   * @param applicationProtocol the protocol the handshake must agree on ("h2")
   * @param inner the protocol handler that reads and writes plaintext
   */
  public TlsHandler(SSLEngine engine, String applicationProtocol, ConnectionHandler inner) {
    this(engine, applicationProtocol, inner, DEFAULT_HANDSHAKE_TIMEOUT_MILLIS);
  }

  /** As above, closing the connection if the handshake is not done within {@code handshakeTimeoutMillis}. */
  public TlsHandler(SSLEngine engine, String applicationProtocol, ConnectionHandler inner, long handshakeTimeoutMillis) {
    if (handshakeTimeoutMillis <= 0) {
      throw new IllegalArgumentException("handshakeTimeoutMillis must be > 0, got " + handshakeTimeoutMillis);
    }
    this.engine = engine;
    this.applicationProtocol = applicationProtocol;
    this.inner = inner;
    this.handshakeTimeoutMillis = handshakeTimeoutMillis;
  }

  // ---------------------------------------------------------------------------------------------
  // Socket events.

  /** The socket is there, the handshake not yet begun: the inner handler may close it already. */
  @Override
  public void onRegistered(Connection connection) {
    this.socket = connection;
    inner.onRegistered(plaintext);
  }

  @Override
  public void onOpen(Connection connection) {
    this.socket = connection;
    // Room for a few records, so that plaintext is handed on in larger pieces.
    this.appBufferSize = engine.getSession().getApplicationBufferSize();
    this.appIn = ByteBuffer.allocate(2 * appBufferSize);
    handshakeTimeout = connection.loop().schedule(() -> {
      if (!handshakeDone && !closed) {
        fail(new SSLHandshakeException("TLS handshake not finished within " + handshakeTimeoutMillis + " ms"));
      }
    }, handshakeTimeoutMillis, TimeUnit.MILLISECONDS);
    try {
      engine.beginHandshake();
      wrap(false); // the client's hello; nothing yet for a server
    } catch (SSLException e) {
      fail(e);
    }
  }

  @Override
  public void onRead(ByteBuffer data) {
    if (closed) {
      return;
    }
    ByteBuffer src = data;
    if (netIn != null && netIn.position() > 0) {
      netIn = ensure(netIn, data.remaining());
      netIn.put(data);
      src = netIn.flip();
    }
    try {
      unwrap(src);
    } catch (SSLException e) {
      fail(e);
      return;
    }
    if (closed) {
      return;
    }
    // Keep the incomplete record for the next read.
    if (src == netIn) {
      netIn.compact();
    } else if (src.hasRemaining()) {
      netIn = ensure(netIn, src.remaining());
      netIn.put(src);
    }
    if (plainLeft.length > 0) {
      socket.flushLater(); // plaintext the handshake held up can go now
    }
  }

  @Override
  public void onWritable() {
    if (innerOpen && !closed) {
      inner.onWritable();
    }
  }

  @Override
  public void beforeFlush() {
    if (closed) {
      return;
    }
    flushing = true;
    try {
      wrap(true);
    } catch (SSLException e) {
      fail(e);
    } finally {
      flushing = false;
    }
  }

  @Override
  public void onClosed(Throwable cause) {
    closed = true;
    if (handshakeTimeout != null) {
      handshakeTimeout.cancel();
    }
    Throwable reported = failure != null ? failure : cause;
    if (reported == null && !handshakeDone && !closedByInner) {
      reported = new SSLHandshakeException("connection closed by the peer during the TLS handshake");
    }
    inner.onClosed(reported);
  }

  // ---------------------------------------------------------------------------------------------
  // The engine.

  /**
   * Unwraps all complete records of {@code src}, handing plaintext on and answering what the
   * handshake needs. Leaves an incomplete record in {@code src}.
   */
  private void unwrap(ByteBuffer src) throws SSLException {
    while (!closed) {
      HandshakeStatus hs = engine.getHandshakeStatus();
      if (hs == HandshakeStatus.NEED_TASK) {
        runDelegatedTasks();
        continue;
      }
      if (hs == HandshakeStatus.NEED_WRAP) {
        if (!wrap(false)) {
          break;
        }
        continue;
      }
      if (!src.hasRemaining()) {
        break;
      }
      SSLEngineResult r = engine.unwrap(src, appIn);
      switch (r.getStatus()) {
        case BUFFER_UNDERFLOW -> {
          deliver();
          return; // the rest of the record has not arrived
        }
        case BUFFER_OVERFLOW -> {
          if (appIn.position() > 0) {
            deliver();
          } else {
            appBufferSize = Math.max(appBufferSize, engine.getSession().getApplicationBufferSize());
            appIn = ByteBuffer.allocate(Math.max(2 * appBufferSize, 2 * appIn.capacity()));
          }
          continue;
        }
        case CLOSED -> {
          deliver();
          peerClosed();
          return;
        }
        default -> {}
      }
      if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
        handshakeFinished();
      }
      if (appIn.remaining() < appBufferSize) {
        deliver(); // no room for another full record
      }
    }
    deliver();
  }

  /**
   * Wraps handshake messages the engine has to send and, when {@code withData} and the handshake
   * allows, the queued plaintext, appending the records to the socket's outbound buffer. Returns
   * whether anything was produced.
   */
  private boolean wrap(boolean withData) throws SSLException {
    ByteBuffer[] src = NONE;
    long pending = 0;
    if (withData) {
      src = takePlaintext();
      for (ByteBuffer b : src) {
        pending += b.remaining();
      }
    }
    int index = 0;
    boolean produced = false;
    ByteBuffer net = null;
    int packetSize = engine.getSession().getPacketBufferSize();
    try {
      while (!closed) {
        while (index < src.length && !src[index].hasRemaining()) {
          index++;
        }
        HandshakeStatus hs = engine.getHandshakeStatus();
        if (hs == HandshakeStatus.NEED_TASK) {
          runDelegatedTasks();
          continue;
        }
        boolean hasData = index < src.length && handshakeDone;
        if (!hasData && hs != HandshakeStatus.NEED_WRAP) {
          break;
        }
        if (net == null || net.remaining() < packetSize) {
          if (net != null) {
            append(net);
          }
          long want = pending + (pending / 16384 + 1) * 64 + packetSize;
          net = ByteBuffer.allocate((int) Math.max(packetSize, Math.min(want, MAX_NET_CHUNK)));
        }
        SSLEngineResult r = engine.wrap(src, index, src.length - index, net);
        pending -= r.bytesConsumed();
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
          append(net);
          packetSize = Math.max(packetSize * 2, engine.getSession().getPacketBufferSize());
          net = null;
          continue;
        }
        if (r.bytesProduced() > 0) {
          produced = true;
        }
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
          append(net);
          net = null;
          handshakeFinished();
        }
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
          pending = 0; // our side is closed: whatever was queued after close_notify is dropped
          index = src.length;
          break;
        }
        if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
          break; // the engine wants something else first (to unwrap)
        }
      }
    } finally {
      if (net != null) {
        append(net);
      }
      keepLeftover(src, index);
    }
    if (produced && !closed && !flushing) {
      socket.flushLater();
    }
    return produced;
  }

  private ByteBuffer[] takePlaintext() {
    if (plainOut.isEmpty()) {
      ByteBuffer[] left = plainLeft;
      plainLeft = NONE;
      return left;
    }
    ByteBuffer[] fresh = plainOut.drain();
    if (plainLeft.length == 0) {
      return fresh;
    }
    ByteBuffer[] all = new ByteBuffer[plainLeft.length + fresh.length];
    System.arraycopy(plainLeft, 0, all, 0, plainLeft.length);
    System.arraycopy(fresh, 0, all, plainLeft.length, fresh.length);
    plainLeft = NONE;
    return all;
  }

  private void keepLeftover(ByteBuffer[] src, int index) {
    while (index < src.length && !src[index].hasRemaining()) {
      index++;
    }
    if (index < src.length && !closed && !engine.isOutboundDone()) {
      ByteBuffer[] rest = new ByteBuffer[src.length - index];
      System.arraycopy(src, index, rest, 0, rest.length);
      if (plainLeft.length == 0) {
        plainLeft = rest;
      } else {
        ByteBuffer[] all = new ByteBuffer[plainLeft.length + rest.length];
        System.arraycopy(plainLeft, 0, all, 0, plainLeft.length);
        System.arraycopy(rest, 0, all, plainLeft.length, rest.length);
        plainLeft = all;
      }
    }
  }

  private void append(ByteBuffer net) {
    if (net.position() > 0 && socket.isOpen()) {
      socket.outbound().appendDetached(net.flip());
    }
  }

  private void runDelegatedTasks() {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
  }

  private void handshakeFinished() {
    if (handshakeDone) {
      return;
    }
    handshakeDone = true;
    handshakeTimeout.cancel();
    String negotiated = engine.getApplicationProtocol();
    if (!applicationProtocol.equals(negotiated)) {
      fail(new SSLHandshakeException("peer did not negotiate " + applicationProtocol + " via ALPN"
          + (negotiated == null || negotiated.isEmpty() ? " (no protocol agreed)" : " (agreed '" + negotiated + "')")));
      return;
    }
    innerOpen = true;
    inner.onOpen(plaintext);
  }

  private void deliver() {
    if (appIn.position() == 0) {
      return;
    }
    appIn.flip();
    if (innerOpen && !closed) {
      inner.onRead(appIn);
    }
    appIn.clear();
  }

  /** The peer sent close_notify: answer with ours and close. */
  private void peerClosed() {
    if (!closed) {
      closeOutbound();
      socket.close();
    }
  }

  /** Encrypts what is queued, then close_notify, into the socket's outbound buffer. */
  private void closeOutbound() {
    try {
      wrap(true);
      engine.closeOutbound();
      wrap(false);
    } catch (SSLException e) {
      // closing anyway
    }
  }

  /** Closes because of {@code e}, sending the engine's alert if it has one. */
  private void fail(Throwable e) {
    if (closed) {
      return;
    }
    if (failure == null) {
      failure = e;
    }
    engine.closeOutbound();
    try {
      wrap(false); // the alert, if the engine made one
    } catch (SSLException | RuntimeException ignored) {
      // nothing more to say to this peer
    }
    socket.close();
  }

  private static ByteBuffer ensure(ByteBuffer buf, int more) {
    if (buf == null) {
      return ByteBuffer.allocate(Math.max(more, 17 << 10));
    }
    if (buf.remaining() >= more) {
      return buf;
    }
    ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more));
    buf.flip();
    bigger.put(buf);
    return bigger;
  }

  // ---------------------------------------------------------------------------------------------

  /** The plaintext side the inner handler sees. */
  private final class Plaintext implements Connection {
    @Override
    public EventLoop loop() {
      return socket.loop();
    }

    @Override
    public OutboundBuffer outbound() {
      return plainOut;
    }

    @Override
    public void flushLater() {
      socket.flushLater(); // beforeFlush() encrypts, then the socket writes
    }

    @Override
    public boolean isWritable() {
      return socket.isWritable();
    }

    @Override
    public boolean isOpen() {
      return socket.isOpen();
    }

    @Override
    public void close() {
      if (socket.loop().inEventLoop()) {
        closeNow();
      } else {
        socket.loop().execute(this::closeNow);
      }
    }

    private void closeNow() {
      if (!closed) {
        closedByInner = true;
        closeOutbound();
        socket.close();
      }
    }

    @Override
    public void closeAfterFlush(long timeoutMillis) {
      if (!closed) {
        closedByInner = true;
        closeOutbound();
        socket.closeAfterFlush(timeoutMillis);
      }
    }

    @Override
    public void setReadPaused(boolean paused) {
      socket.setReadPaused(paused);
    }

    @Override
    public SocketAddress remoteAddress() {
      return socket.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
      return socket.localAddress();
    }

    @Override
    public String toString() {
      return "Tls[" + socket + "]";
    }
  }
}
