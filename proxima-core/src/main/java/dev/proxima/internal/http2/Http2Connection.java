package dev.proxima.internal.http2;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.hpack.HpackEncoder;
import dev.proxima.internal.io.ConnectionHandler;
import dev.proxima.internal.io.EventLoop;
import dev.proxima.internal.io.Connection;
import dev.proxima.internal.io.OutboundBuffer;
import dev.proxima.internal.io.Timeout;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One HTTP/2 connection, client or server side: the connection preface and SETTINGS exchange,
 * the streams and their states, flow control both ways, PING, RST_STREAM and GOAWAY, and the
 * counters that end a flooding peer's connection with ENHANCE_YOUR_CALM.
 *
 * <p>It reads frames and hands each to the part it concerns; the connection-wide ones (SETTINGS,
 * PING, GOAWAY, WINDOW_UPDATE) it handles itself. Its parts: {@link StreamRegistry} the streams,
 * their ids and the concurrency limits; {@link StreamLifecycle} how a stream starts and ends, and
 * when its listener hears of it; {@link HeaderReceiver} the header blocks the peer sends and the
 * streams they open; {@link DataReceiver} the DATA the peer sends and the receive windows it
 * fills, with {@link WindowTuner} auto-tuning them; {@link WriteScheduler} the streams with frames
 * to send and the header blocks this side encodes; {@link GoAwayState} the GOAWAYs sent and
 * received; {@link PendingPings} the user PINGs awaiting their ACK. All but the registry are made
 * when first needed.
 *
 * <p>Threading: the connection lives on one event loop. Frame handling, stream methods and
 * listener callbacks all run there. Only {@link #ping()}, {@link #shutdown()}, {@link #close()},
 * {@link #ready()} and {@link #closeFuture()} may be called from other threads; they hop to the
 * loop.
 *
 * <p>Before it opens (a TLS handshake takes a while, and a silent peer may never finish it) the
 * connection is closed, not queued: {@link #close()} and {@link #shutdown()} close the socket as
 * soon as it is registered ({@link #onRegistered}), at once if it is already, and the connection
 * ends as any other does ({@link #ready()} fails, {@link #closeFuture()} completes). Until it
 * opens, {@link SocketOpening} keeps the socket and what other threads asked for: a {@link #ping()}
 * asked for then fails if the connection closes without opening.
 *
 * <p>Errors follow RFC 9113 §5.4: a stream error resets one stream and the others go on; a
 * connection error sends GOAWAY with the last stream id processed and the rule that broke in the
 * debug data, then closes the socket once that is written.
 */
public final class Http2Connection implements ConnectionHandler, FrameHandler {
  private static final Logger log = Logger.getLogger(Http2Connection.class.getName());

  /** How long a closing connection may take to write its last frames to a slow peer. */
  private static final long CLOSE_FLUSH_TIMEOUT_MILLIS = 5000;

  /** Which end of the connection this is: it decides stream-id parity and the preface. */
  public enum Role {
    CLIENT,
    SERVER
  }

  private final Role role;
  private final Http2Config config;
  private final StreamAcceptor acceptor;
  /** Told on the loop, once, when the socket closed (after {@link #closeFuture()}); or null. */
  private final Consumer<Http2Connection> closeListener;
  private final FrameReader reader;
  private final FrameWriter writer = new FrameWriter();
  /** Made at the first header block sent, or the peer's first header table size. */
  private HpackEncoder encoder;
  private final StreamRegistry streams;
  private final SendWindow connectionSendWindow = new SendWindow(Http2Settings.DEFAULT_INITIAL_WINDOW_SIZE);
  private final ReceiveWindow connectionReceiveWindow =
      new ReceiveWindow(Http2Settings.DEFAULT_INITIAL_WINDOW_SIZE);
  private final CompletableFuture<Http2Connection> ready = new CompletableFuture<>();
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  /** When the connection was made: the flood counters' windows are counted from it. */
  private final long createdNanos;

  // Made when first needed: a connection that stays idle after the SETTINGS exchange holds none.
  /** Made at the first header block received, with the HPACK decoder. */
  private HeaderReceiver headerReceiver;
  /** Made at the first header block sent or stream queued for write. */
  private WriteScheduler scheduler;
  /** Made when a stream is first started, reset or received; until then none is open or waiting. */
  private StreamLifecycle lifecycle;
  /** Made at the first GOAWAY sent or received: none means neither happened. */
  private GoAwayState goAwayState;
  /** PINGs sent by {@link #ping()} whose ACK has not come, by payload. */
  private PendingPings pings;
  private FloodCounter resetFlood;
  private FloodCounter pingFlood;
  private FloodCounter settingsFlood;
  private FloodCounter emptyFrameFlood;
  /** Made at the first DATA frame or bytes given back, with the window tuner if any. */
  private DataReceiver dataReceiver;
  /**
   * Made on open when the config asks for keepalive, max idle or max age timers, else at the
   * first PING the peer sends (the server polices their rate).
   */
  private ConnectionKeeper keeper;

  /** Set on the loop in {@link #onOpen}; volatile so other threads can find the loop. */
  private volatile Connection nio;
  /** Where other threads find the socket until it opens; null once {@link #nio} is set. */
  private volatile SocketOpening opening = new SocketOpening();
  private OutboundBuffer out;
  private int peerInitialWindow = Http2Settings.DEFAULT_INITIAL_WINDOW_SIZE;
  private boolean settingsAcked;
  private boolean closed;
  /** Pending until the peer acknowledges our SETTINGS; then cancelled and dropped. */
  private Timeout settingsAckTimeout;

  private Http2Connection(Role role, Http2Config config, StreamAcceptor acceptor,
      Consumer<Http2Connection> closeListener) {
    this.role = role;
    this.config = config;
    this.acceptor = acceptor;
    this.closeListener = closeListener;
    this.createdNanos = System.nanoTime();
    // Until our SETTINGS are acknowledged the peer may still assume the protocol defaults.
    this.reader = new FrameReader(role == Role.SERVER, Http2Settings.DEFAULT_MAX_FRAME_SIZE,
        (int) Math.min(Integer.MAX_VALUE, Math.max(2L * config.maxHeaderListSize(), 64 << 10)));
    if (config.windowAutoTuning()) {
      // The estimator is made at the first DATA frame; a config it would refuse fails here, now.
      BdpEstimator.checkWindows(config.initialStreamWindow(), config.maxAutoTunedWindow());
    }
    this.streams = new StreamRegistry(role == Role.CLIENT);
  }

  /** A server connection: every stream the peer opens is offered to {@code acceptor}. */
  public static Http2Connection server(Http2Config config, StreamAcceptor acceptor) {
    return new Http2Connection(Role.SERVER, config, acceptor, null);
  }

  /**
   * A server connection that also tells {@code closeListener} when it has closed: a server keeps
   * track of its connections with one listener for all, rather than a future chain per connection.
   */
  public static Http2Connection server(Http2Config config, StreamAcceptor acceptor,
      Consumer<Http2Connection> closeListener) {
    return new Http2Connection(Role.SERVER, config, acceptor, closeListener);
  }

  /** A client connection; streams are opened with {@link #newStream}. */
  public static Http2Connection client(Http2Config config) {
    return new Http2Connection(Role.CLIENT, config, null, null);
  }

  public Role role() {
    return role;
  }

  public Http2Config config() {
    return config;
  }

  public EventLoop loop() {
    return nio.loop();
  }

  /** Completes once the peer's first SETTINGS frame arrived: the connection is usable. */
  public CompletableFuture<Http2Connection> ready() {
    return ready;
  }

  /** Completes when the socket is closed, for whatever reason. */
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  /** Streams open (or half-closed) on this connection now. Loop thread only. */
  public int activeStreams() {
    return streams.size();
  }

  /**
   * Streams open (or half-closed) now, counted on the loop, for tests and diagnostics that ask
   * from another thread; nothing on the hot path calls it. A connection that closed has none.
   * Any thread.
   */
  public CompletableFuture<Integer> activeStreamCount() {
    CompletableFuture<Integer> count = new CompletableFuture<>();
    onLoop(() -> count.complete(streams.size()));
    return count;
  }

  /** True once the connection is closed or closing: no frame will be read or written any more. */
  public boolean isClosed() {
    return closed;
  }

  /** False once GOAWAY was sent or received or the connection closed: new streams are refused. */
  public boolean isAcceptingStreams() {
    return !closed && goAwayState == null;
  }

  // ---------------------------------------------------------------- lifecycle (ConnectionHandler)

  /**
   * The socket is there, not yet open (under TLS the handshake comes next): from now on a close
   * closes it at once. One asked for while connecting is carried out now.
   */
  @Override
  public void onRegistered(Connection connection) {
    if (opening.registered(connection)) {
      connection.close();
    }
  }

  @Override
  public void onOpen(Connection connection) {
    this.nio = connection;
    List<Runnable> waiting = opening.end();
    opening = null;
    this.out = connection.outbound();
    if (ConnectionKeeper.hasTimers(config)) {
      this.keeper = new ConnectionKeeper(this, config, connection.loop());
      keeper.onOpen();
    }
    if (role == Role.CLIENT) {
      writer.clientPreface(out);
    }
    writer.settings(out, config.announcedSettings(role == Role.CLIENT));
    int grow = config.connectionWindow() - Http2Settings.DEFAULT_INITIAL_WINDOW_SIZE;
    if (grow > 0) {
      connectionReceiveWindow.setTargetWindow(config.connectionWindow());
      writer.windowUpdate(out, 0, connectionReceiveWindow.takePendingIncrement());
    }
    settingsAckTimeout = connection.loop().schedule(() -> {
      if (!settingsAcked) {
        connectionError(Http2Exception.connectionError(ErrorCode.SETTINGS_TIMEOUT,
            "peer did not acknowledge our SETTINGS within " + config.settingsAckTimeout().toMillis()
                + " ms (RFC 9113 §6.5.3)"));
      }
    }, config.settingsAckTimeout().toNanos(), TimeUnit.NANOSECONDS);
    connection.flushLater();
    runAll(waiting);
  }

  private static void runAll(List<Runnable> tasks) {
    if (tasks != null) {
      for (Runnable task : tasks) {
        task.run();
      }
    }
  }

  @Override
  public void onRead(ByteBuffer data) {
    if (closed) {
      return;
    }
    if (keeper != null) {
      keeper.onRead();
    }
    try {
      readFrames(data);
    } catch (Http2Exception e) {
      connectionError(e);
      return;
    }
    writePending();
    nio.flushLater();
  }

  /**
   * Reads the frames in {@code data}. After a stream error the reader has moved past the offending
   * frame: read on, the other streams are unharmed (RFC 9113 §5.4.2).
   *
   * @throws Http2Exception a connection error, from a frame or from a stream error's reset
   */
  private void readFrames(ByteBuffer data) throws Http2Exception {
    do {
      try {
        reader.read(data, this);
      } catch (Http2Exception e) {
        if (e.isConnectionError()) {
          throw e;
        }
        lifecycle().streamError(e);
      }
    } while (data.hasRemaining() && !closed);
  }

  @Override
  public void onWritable() {
    writePending();
    nio.flushLater();
  }

  @Override
  public void onClosed(Throwable cause) {
    if (closed && closeFuture.isDone()) {
      return;
    }
    closed = true;
    if (settingsAckTimeout != null) {
      settingsAckTimeout.cancel();
    }
    if (keeper != null) {
      keeper.onClosed();
    }
    if (cause != null) {
      log.log(Level.FINE, "connection closed by an I/O error", cause);
    }
    String goAway = goAwayReceivedDescription();
    failAllStreams(goAwayState != null ? ErrorCode.REFUSED_STREAM : ErrorCode.CANCEL,
        "connection closed before the stream ended" + (cause != null ? ": " + cause : "")
            + (goAway != null ? ", after " + goAway : ""));
    if (!ready.isDone()) {
      ready.completeExceptionally(cause != null ? cause : new IllegalStateException("connection closed"));
    }
    if (pings != null) {
      pings.failAll();
    }
    SocketOpening o = opening;
    if (o != null) {
      runAll(o.end()); // asked for before an open that will not come: they find the connection closed
    }
    closeFuture.complete(null);
    if (closeListener != null) {
      closeListener.accept(this);
    }
  }

  /**
   * Graceful close (RFC 9113 §6.8): sends GOAWAY with the last peer stream processed, refuses new
   * streams, and closes the socket when the open streams are done. A connection not open yet has
   * no stream to finish: it is closed as by {@link #close()}. Any thread.
   */
  public void shutdown() {
    Connection c = connectionToClose();
    if (c == null) {
      return; // closed once registered
    }
    runOn(c.loop(), () -> {
      if (closed) {
        return;
      }
      if (nio == null) {
        c.close(); // still in the TLS handshake
        return;
      }
      if (goAwayState().send(writer, out, streams.lastRemoteStreamId(), ErrorCode.NO_ERROR, "")) {
        nio.flushLater();
      }
      if (lifecycle != null) {
        lifecycle.failWaiting("the connection is shutting down (GOAWAY sent); the stream was not started");
      }
      closeIfIdle();
    });
  }

  /**
   * Closes the socket now; open streams see {@link ErrorCode#CANCEL}. Before the connection is
   * open (mid-handshake) it closes all the same, and {@link #ready()} fails. Any thread.
   */
  public void close() {
    Connection c = connectionToClose();
    if (c != null) {
      c.close(); // any thread: the connection hops to its loop
    }
  }

  /**
   * What a close acts on: the connection, open or only registered. Null while the socket is still
   * connecting: then {@link #onRegistered} will close it.
   */
  private Connection connectionToClose() {
    Connection c = nio;
    if (c != null) {
      return c;
    }
    SocketOpening o = opening;
    return o != null ? o.toClose() : nio; // no opening: it opened since, so nio is set
  }

  /**
   * The socket could not be connected, so no {@link ConnectionHandler} method will come: ends the
   * connection as a close would ({@link #ready()} fails with {@code cause}). For
   * {@link Http2Client}; on the loop, or on the caller's thread if the loop had shut down.
   */
  void connectFailed(Throwable cause) {
    onClosed(cause);
  }

  /**
   * Sends a PING; the future completes with the round-trip time in nanoseconds when the ACK
   * arrives. Any thread.
   */
  public CompletableFuture<Long> ping() {
    CompletableFuture<Long> f = new CompletableFuture<>();
    onLoop(() -> {
      if (closed) {
        f.completeExceptionally(new IllegalStateException("connection closed"));
        return;
      }
      if (pings == null) {
        pings = new PendingPings();
      }
      long payload = pings.add(f);
      writer.ping(out, false, payload);
      nio.flushLater();
    });
    return f;
  }

  /**
   * Runs {@code task} on the loop once the connection is open; if it closed without opening, at
   * once on this thread, where the task finds the connection closed.
   */
  private void onLoop(Runnable task) {
    Connection c = nio;
    if (c == null) {
      SocketOpening o = opening;
      if (o != null && o.runWhenOpen(task)) {
        return; // runs when the connection opens (after a TLS handshake), or closes
      }
      c = nio; // it opened meanwhile, and nio is set before the opening ends
      if (c == null) {
        task.run(); // it closed without opening: closed was set before the opening ended, so is seen
        return;
      }
    }
    runOn(c.loop(), task);
  }

  private static void runOn(EventLoop loop, Runnable task) {
    if (loop.inEventLoop()) {
      task.run();
    } else {
      loop.execute(task);
    }
  }

  /**
   * The error code of the GOAWAY the peer sent, or null if none came: what it means, so an unknown
   * code reads as INTERNAL_ERROR (RFC 9113 §7); {@link #goAwayReceivedDescription} shows its value.
   */
  public ErrorCode goAwayReceivedCode() {
    return goAwayState == null ? null : goAwayState.receivedCode();
  }

  /** The debug text of the GOAWAY the peer sent, or null. */
  public String goAwayReceivedDebug() {
    return goAwayState == null ? null : goAwayState.receivedDebug();
  }

  /**
   * The GOAWAY the peer sent in words, for a person: last-stream-id, the code as sent (an unknown
   * one with its value) and the debug text; null if none came.
   */
  public String goAwayReceivedDescription() {
    return goAwayState == null ? null : goAwayState.describeReceived();
  }

  /** Sends a PING with {@code payload}. Loop thread only. */
  void sendPing(long payload) {
    writer.ping(out, false, payload);
    nio.flushLater();
  }

  /** Closes the socket at once because the peer misbehaves or is gone. Loop thread only. */
  void abort(String why) {
    log.fine(() -> "closing connection: " + why);
    nio.close();
  }

  // ---------------------------------------------------------------- streams (called by Http2Stream)

  /**
   * Creates a client stream. It takes an id when its headers are sent, or later when the peer's
   * MAX_CONCURRENT_STREAMS leaves no slot. Loop thread only.
   */
  public Http2Stream newStream(Http2StreamListener listener) {
    if (role != Role.CLIENT) {
      throw new IllegalStateException("only a client opens streams (server push is not supported)");
    }
    Http2Stream s = createStream(0);
    s.listener(listener);
    return s;
  }

  void writeHeaders(Http2Stream s, List<HeaderField> headers, boolean endStream) {
    lifecycle().writeHeaders(s, headers, endStream);
  }

  void streamHasPendingWrites(Http2Stream s) {
    if (s.id() == 0 || s.state().isClosed()) {
      return;
    }
    scheduler().queue(s);
    writePending();
    nio.flushLater();
  }

  void resetStream(Http2Stream s, ErrorCode code) {
    try {
      lifecycle().reset(s, code);
    } catch (Http2Exception e) {
      connectionError(e); // the peer reads nothing while our resets pile up
    }
  }

  void returnBytes(Http2Stream s, int bytes) {
    dataReceiver().returnBytes(s, bytes);
  }

  // ---------------------------------------------------------------- for the parts (loop only)

  /** A stream with {@code id} (0: none yet) and the windows both sides' SETTINGS give it now. */
  Http2Stream createStream(int id) {
    return new Http2Stream(this, id, peerInitialWindow, config.initialStreamWindow());
  }

  /** The write side, made at the first header block sent or stream queued. */
  WriteScheduler scheduler() {
    if (scheduler == null) {
      scheduler = new WriteScheduler(this, writer, encoder(), connectionSendWindow, nio);
    }
    return scheduler;
  }

  /** True once this side sent GOAWAY: streams the peer opens after it are ignored. */
  boolean goAwaySent() {
    return goAwayState != null && goAwayState.sent();
  }

  /** A stream started: the keeper's idle timer stops, and an auto-tuned window applies to it. */
  void streamStarted(Http2Stream s) {
    if (keeper != null) {
      keeper.onActive();
    }
    if (dataReceiver != null) {
      dataReceiver.streamStarted(s);
    }
  }

  void closeStreamIfDone(Http2Stream s) {
    lifecycle().closeIfDone(s);
  }

  /** The last open stream closed: the keeper may start its idle timer. */
  void streamsIdle() {
    if (keeper != null) {
      keeper.onIdle();
    }
  }

  /** Tells the keeper, if any, that this side sent a header block or DATA. */
  void onFrameSent() {
    if (keeper != null) {
      keeper.onDataSent();
    }
  }

  /** After a GOAWAY, closes the connection once no stream is open or waiting. */
  void closeIfIdle() {
    if (goAwayState != null && streams.isEmpty() && !streams.hasWaiting() && !closed) {
      closed = true;
      nio.closeAfterFlush(CLOSE_FLUSH_TIMEOUT_MILLIS);
    }
  }

  /**
   * Queues RST_STREAM {@code code} on {@code streamId}, and remembers it so the peer's late frames
   * on the stream are ignored (RFC 9113 §5.1); the caller flushes. A peer can provoke resets, so
   * each one counts as a control frame owed to it ({@link #checkControlBacklog}).
   *
   * @throws Http2Exception ENHANCE_YOUR_CALM when the peer reads nothing while they pile up
   */
  void sendRstStream(int streamId, ErrorCode code) throws Http2Exception {
    writer.rstStream(out, streamId, code);
    streams.resetSent(streamId);
    checkControlBacklog();
  }

  /** Where frames are queued for the socket; null until the connection opens. */
  OutboundBuffer out() {
    return out;
  }

  /** Asks the socket to flush what was queued (see {@link Connection#flushLater}). */
  void flushLater() {
    nio.flushLater();
  }

  // ---------------------------------------------------------------- parts made when first needed

  /** How streams start and end, made at the first stream started, reset or received. */
  private StreamLifecycle lifecycle() {
    if (lifecycle == null) {
      lifecycle = new StreamLifecycle(this, streams);
    }
    return lifecycle;
  }

  /** The receive side of DATA, made at the first DATA frame or bytes given back. */
  private DataReceiver dataReceiver() {
    if (dataReceiver == null) {
      dataReceiver = new DataReceiver(this, writer, connectionReceiveWindow, streams, lifecycle());
    }
    return dataReceiver;
  }

  /** The HPACK encoder, made at the first header block sent or the peer's first table size. */
  private HpackEncoder encoder() {
    if (encoder == null) {
      encoder = new HpackEncoder(config.sensitiveHeaders());
    }
    return encoder;
  }

  /** The GOAWAY books, made at the first GOAWAY sent or received. */
  private GoAwayState goAwayState() {
    if (goAwayState == null) {
      goAwayState = new GoAwayState();
    }
    return goAwayState;
  }

  private void writePending() {
    if (scheduler != null) {
      scheduler.writePending();
    }
  }

  // ---------------------------------------------------------------- frames (FrameHandler)

  @Override
  public void data(int streamId, boolean endStream, ByteBuffer payload, int flowControlledLength)
      throws Http2Exception {
    dataReceiver().data(streamId, endStream, payload, flowControlledLength);
  }

  @Override
  public void headers(int streamId, boolean endStream, ByteBuffer headerBlock) throws Http2Exception {
    if (headerReceiver == null) {
      headerReceiver = new HeaderReceiver(this, acceptor, streams, lifecycle(), settingsAcked);
    }
    headerReceiver.headers(streamId, endStream, headerBlock);
  }

  @Override
  public void priority(int streamId, int streamDependency, int weight, boolean exclusive) {
    // RFC 9113 §5.3.2 deprecates the priority tree; the frame is validated by the reader, then ignored.
  }

  @Override
  public void rstStream(int streamId, int errorCode) throws Http2Exception {
    resetFlood = checkFlood(resetFlood, config.resetFloodLimit(), "RST_STREAM frames");
    Http2Stream s = streams.get(streamId);
    if (s == null) {
      if (streams.isIdle(streamId)) {
        throw Http2Exception.connectionError(ErrorCode.PROTOCOL_ERROR,
            "RST_STREAM on idle stream " + streamId + " (RFC 9113 §6.4)");
      }
      return;
    }
    lifecycle().resetByPeer(s, errorCode);
  }

  @Override
  public void settings(boolean ack, Http2Settings settings) throws Http2Exception {
    if (ack) {
      if (!settingsAcked) {
        settingsAcked = true;
        settingsAckTimeout.cancel();
        settingsAckTimeout = null;
        reader.setMaxFrameSize(config.maxFrameSize());
        if (headerReceiver != null) {
          headerReceiver.settingsAcked();
        }
      }
      return;
    }
    settingsFlood = checkFlood(settingsFlood, config.settingsFloodLimit(), "SETTINGS frames");
    if (settings.isSet(Http2Settings.ENABLE_PUSH) && role == Role.CLIENT
        && settings.get(Http2Settings.ENABLE_PUSH) != 0) {
      throw Http2Exception.connectionError(ErrorCode.PROTOCOL_ERROR,
          "server sent SETTINGS_ENABLE_PUSH 1 (RFC 9113 §6.5.2)");
    }
    if (settings.isSet(Http2Settings.HEADER_TABLE_SIZE)) {
      encoder().setMaxHeaderTableSize((int) Math.min(Integer.MAX_VALUE, settings.get(Http2Settings.HEADER_TABLE_SIZE)));
    }
    if (settings.isSet(Http2Settings.MAX_FRAME_SIZE)) {
      writer.setMaxFrameSize((int) settings.get(Http2Settings.MAX_FRAME_SIZE));
    }
    if (settings.isSet(Http2Settings.INITIAL_WINDOW_SIZE)) {
      int next = (int) settings.get(Http2Settings.INITIAL_WINDOW_SIZE);
      long delta = (long) next - peerInitialWindow;
      peerInitialWindow = next;
      // RFC 9113 §6.9.2: the change applies to every open stream's window, even making it negative.
      for (Http2Stream s : streams.snapshot()) {
        s.sendWindow.applyInitialWindowDelta(s.id(), delta);
        if (delta > 0 && s.hasPendingWrites()) {
          scheduler().queue(s);
        }
      }
      streams.applyInitialWindowDeltaToWaiting(delta);
    }
    if (settings.isSet(Http2Settings.MAX_CONCURRENT_STREAMS)) {
      streams.peerMaxConcurrentStreams(settings.get(Http2Settings.MAX_CONCURRENT_STREAMS));
    }
    writer.settingsAck(out);
    checkControlBacklog();
    if (lifecycle != null) {
      lifecycle.startWaiting();
    }
    ready.complete(this);
  }

  @Override
  public void pushPromise(int streamId, int promisedStreamId, ByteBuffer headerBlock) throws Http2Exception {
    throw Http2Exception.connectionError(ErrorCode.PROTOCOL_ERROR, role == Role.CLIENT
        ? "PUSH_PROMISE although we sent SETTINGS_ENABLE_PUSH 0 (RFC 9113 §6.6)"
        : "PUSH_PROMISE sent by a client (RFC 9113 §8.4)");
  }

  @Override
  public void ping(boolean ack, long payload) throws Http2Exception {
    if (!ack) {
      pingFlood = checkFlood(pingFlood, config.pingFloodLimit(), "PING frames");
      if (role == Role.SERVER && keeper == null) {
        keeper = new ConnectionKeeper(this, config, nio.loop());
      }
      if (role == Role.SERVER && !keeper.onPingReceived(!streams.isEmpty())) {
        throw Http2Exception.connectionError(ErrorCode.ENHANCE_YOUR_CALM, "too_many_pings");
      }
      writer.ping(out, true, payload);
      checkControlBacklog();
      return;
    }
    if (keeper != null && keeper.onPingAck(payload)) {
      return;
    }
    if (payload == WindowTuner.BDP_PING && config.windowAutoTuning()) {
      if (dataReceiver != null) {
        dataReceiver.probeAcked();
      }
      return;
    }
    if (pings != null) {
      pings.acknowledged(payload);
    }
  }

  @Override
  public void goAway(int lastStreamId, int errorCode, ByteBuffer debugData) {
    GoAwayState g = goAwayState();
    g.received(lastStreamId, errorCode, debugData);
    if (errorCode != ErrorCode.NO_ERROR.code()) {
      log.fine(g::describeReceived);
    }
    if (lifecycle != null) {
      lifecycle.refuseUnprocessed(lastStreamId, g.describeReceived());
    }
    closeIfIdle();
  }

  @Override
  public void windowUpdate(int streamId, int increment) throws Http2Exception {
    if (streamId == 0) {
      connectionSendWindow.increment(0, increment);
      writePending();
      return;
    }
    Http2Stream s = streams.get(streamId);
    if (s == null) {
      if (streams.isIdle(streamId)) {
        throw Http2Exception.connectionError(ErrorCode.PROTOCOL_ERROR,
            "WINDOW_UPDATE on idle stream " + streamId + " (RFC 9113 §5.1)");
      }
      return;
    }
    s.sendWindow.increment(streamId, increment);
    if (s.hasPendingWrites()) {
      scheduler().queue(s);
    }
  }

  @Override
  public void unknownFrame(int type, int streamId, int flags, int length) throws Http2Exception {
    if (length == 0) {
      emptyFrameReceived("empty frames of unknown type");
    }
  }

  // ---------------------------------------------------------------- errors

  /**
   * Counts one event of a kind the peer could flood us with; returns the kind's counter, made at
   * its first event with windows counted from the connection's start.
   */
  private FloodCounter checkFlood(FloodCounter counter, Http2Config.FloodLimit limit, String what)
      throws Http2Exception {
    FloodCounter c = counter != null ? counter : new FloodCounter(limit, createdNanos);
    if (c.record(System.nanoTime())) {
      throw Http2Exception.connectionError(ErrorCode.ENHANCE_YOUR_CALM,
          "too many " + what + " from the peer (flood limit, RFC 9113 §10.5)");
    }
    return c;
  }

  /** Counts a frame that carries nothing, of the kind {@code what}: a peer may flood us with them. */
  void emptyFrameReceived(String what) throws Http2Exception {
    emptyFrameFlood = checkFlood(emptyFrameFlood, config.emptyFrameFloodLimit(), what);
  }

  /** A peer that makes us queue acknowledgements while not reading its socket is flooding us. */
  void checkControlBacklog() throws Http2Exception {
    if (!nio.isWritable() && out.readableBytes() > config.maxQueuedControlBytes()) {
      throw Http2Exception.connectionError(ErrorCode.ENHANCE_YOUR_CALM,
          "peer does not read while making us queue " + out.readableBytes()
              + " bytes of control frames (RFC 9113 §10.5)");
    }
  }

  private void connectionError(Http2Exception e) {
    if (closed) {
      return;
    }
    log.fine(e::getMessage);
    goAwayState().send(writer, out, streams.lastRemoteStreamId(), e.code(), e.rule());
    closed = true;
    failAllStreams(e.code(), e.getMessage());
    nio.closeAfterFlush(CLOSE_FLUSH_TIMEOUT_MILLIS);
  }

  /**
   * The connection is ending, for {@code reason}: every stream, open or waiting, is closed and its
   * listener told.
   */
  private void failAllStreams(ErrorCode code, String reason) {
    if (scheduler != null) {
      scheduler.clear();
    }
    if (lifecycle != null) {
      lifecycle.failAll(code, reason);
    }
  }
}
