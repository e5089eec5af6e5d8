package dev.proxima.internal.http2;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.hpack.HpackDecoder;
import dev.proxima.internal.hpack.HpackEncoder;
import dev.proxima.internal.hpack.HpackException;
import dev.proxima.internal.io.OutboundBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A scripted HTTP/2 peer on a plain blocking socket, for tests that must send exactly the frames
 * a rule talks about (including malformed ones) and see exactly what comes back. It is a client
 * when made with an address to connect to, a server when made by {@link #accept} (then it reads
 * the client's preface first).
 */
final class RawPeer implements AutoCloseable {
  /** One frame received from the peer under test, decoded. */
  record Event(FrameType type, int streamId, boolean flag, Object detail) {
    @SuppressWarnings("unchecked")
    List<HeaderField> headers() {
      return (List<HeaderField>) detail;
    }

    String header(String name) {
      return headers().stream().filter(f -> f.name().equals(name)).map(HeaderField::value).findFirst().orElse(null);
    }
  }

  /** GOAWAY's contents. */
  record GoAway(int lastStreamId, ErrorCode code, String debug) {}

  final Socket socket;
  private final OutputStream os;
  final FrameWriter writer = new FrameWriter();
  private final HpackEncoder encoder = new HpackEncoder();
  private final HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
  final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Thread readerThread;
  volatile boolean closedByPeer;

  RawPeer(InetSocketAddress address) throws IOException {
    this(connected(address), false);
  }

  private RawPeer(Socket socket, boolean server) throws IOException {
    this.socket = socket;
    socket.setTcpNoDelay(true);
    os = socket.getOutputStream();
    readerThread = new Thread(() -> readLoop(server), "raw-peer-reader");
    readerThread.setDaemon(true);
    readerThread.start();
  }

  private static Socket connected(InetSocketAddress address) throws IOException {
    Socket socket = new Socket();
    socket.connect(address, 2000);
    return socket;
  }

  /** A scripted server: the next client to connect to {@code listener}, within 5 s. */
  static RawPeer accept(ServerSocket listener) throws IOException {
    listener.setSoTimeout(5000);
    return new RawPeer(listener.accept(), true);
  }

  /** Preface and an empty SETTINGS frame, and ACKs the server's SETTINGS. */
  RawPeer handshake() throws Exception {
    return handshake(new Http2Settings());
  }

  RawPeer handshake(Http2Settings settings) throws Exception {
    OutboundBuffer out = new OutboundBuffer();
    out.write(Preface.bytes());
    return exchangeSettings(out, settings, "server SETTINGS");
  }

  /** As a server: our SETTINGS, the client's (ACKed), and the ACK of ours. */
  RawPeer serverHandshake(Http2Settings settings) throws Exception {
    return exchangeSettings(new OutboundBuffer(), settings, "client SETTINGS");
  }

  /** Sends {@code out} and our SETTINGS, ACKs the peer's ({@code theirs}) and awaits the ACK of ours. */
  private RawPeer exchangeSettings(OutboundBuffer out, Http2Settings settings, String theirs) throws Exception {
    writer.settings(out, settings);
    send(out);
    expect(e -> e.type() == FrameType.SETTINGS && !e.flag(), theirs);
    settingsAck();
    expect(e -> e.type() == FrameType.SETTINGS && e.flag(), "SETTINGS ACK");
    return this;
  }

  void settingsAck() throws IOException {
    OutboundBuffer out = new OutboundBuffer();
    writer.settingsAck(out);
    send(out);
  }

  void request(int streamId, String method, String path, boolean endStream, HeaderField... extra) throws IOException {
    List<HeaderField> fields = new java.util.ArrayList<>(List.of(
        new HeaderField(":method", method),
        new HeaderField(":scheme", "http"),
        new HeaderField(":authority", "localhost"),
        new HeaderField(":path", path)));
    fields.addAll(List.of(extra));
    headers(streamId, fields, endStream);
  }

  void headers(int streamId, List<HeaderField> fields, boolean endStream) throws IOException {
    OutboundBuffer block = new OutboundBuffer();
    encoder.encode(fields, block);
    byte[] bytes = block.toByteArray();
    OutboundBuffer out = new OutboundBuffer();
    writer.headers(out, streamId, bytes, 0, bytes.length, endStream);
    send(out);
  }

  void data(int streamId, byte[] data, boolean endStream) throws IOException {
    OutboundBuffer out = new OutboundBuffer();
    writer.data(out, streamId, ByteBuffer.wrap(data), endStream);
    send(out);
  }

  /** Writes raw bytes (a frame built by hand). */
  void raw(byte[] bytes) throws IOException {
    os.write(bytes);
    os.flush();
  }

  /** Writes a frame of any type, flags and payload, valid or not. */
  void frame(int type, int flags, int streamId, byte[] payload) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
    b.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
    b.put((byte) type).put((byte) flags).putInt(streamId).put(payload);
    raw(b.array());
  }

  void send(OutboundBuffer out) throws IOException {
    os.write(out.toByteArray());
    os.flush();
  }

  /** Waits for the first event matching {@code p}, skipping others. */
  Event expect(Predicate<Event> p, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      long left = deadline - System.nanoTime();
      Event e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
      if (e == null) {
        throw new AssertionError("timed out waiting for " + what + (closedByPeer ? " (connection closed)" : ""));
      }
      if (p.test(e)) {
        return e;
      }
    }
  }

  GoAway expectGoAway() throws InterruptedException {
    return (GoAway) expect(e -> e.type() == FrameType.GOAWAY, "GOAWAY").detail();
  }

  ErrorCode expectReset(int streamId) throws InterruptedException {
    return (ErrorCode) expect(e -> e.type() == FrameType.RST_STREAM && e.streamId() == streamId,
        "RST_STREAM on " + streamId).detail();
  }

  /** True once the server closed the socket (read returned -1), waiting up to 5 s. */
  boolean awaitClosed() throws InterruptedException {
    readerThread.join(5000);
    return closedByPeer;
  }

  private void readLoop(boolean server) {
    FrameReader reader = new FrameReader(server, Http2Settings.MAX_MAX_FRAME_SIZE, 1 << 20);
    byte[] buf = new byte[64 << 10];
    try {
      InputStream in = socket.getInputStream();
      while (true) {
        int n;
        try {
          n = in.read(buf);
        } catch (SocketTimeoutException e) {
          continue;
        }
        if (n < 0) {
          closedByPeer = true;
          return;
        }
        reader.read(ByteBuffer.wrap(buf, 0, n), new Recorder());
      }
    } catch (IOException | Http2Exception e) {
      closedByPeer = true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private final class Recorder implements FrameHandler {
    @Override
    public void data(int streamId, boolean endStream, ByteBuffer payload, int flowControlledLength) {
      byte[] b = new byte[payload.remaining()];
      payload.get(b);
      events.add(new Event(FrameType.DATA, streamId, endStream, b));
    }

    @Override
    public void headers(int streamId, boolean endStream, ByteBuffer headerBlock) throws Http2Exception {
      try {
        events.add(new Event(FrameType.HEADERS, streamId, endStream, decoder.decode(headerBlock)));
      } catch (HpackException e) {
        throw Http2Exception.connectionError(ErrorCode.COMPRESSION_ERROR, e.getMessage());
      }
    }

    @Override
    public void priority(int streamId, int streamDependency, int weight, boolean exclusive) {
      events.add(new Event(FrameType.PRIORITY, streamId, exclusive, weight));
    }

    @Override
    public void rstStream(int streamId, int errorCode) {
      events.add(new Event(FrameType.RST_STREAM, streamId, false, ErrorCode.of(errorCode)));
    }

    @Override
    public void settings(boolean ack, Http2Settings settings) {
      events.add(new Event(FrameType.SETTINGS, 0, ack, settings));
    }

    @Override
    public void pushPromise(int streamId, int promisedStreamId, ByteBuffer headerBlock) {
      events.add(new Event(FrameType.PUSH_PROMISE, streamId, false, promisedStreamId));
    }

    @Override
    public void ping(boolean ack, long payload) {
      events.add(new Event(FrameType.PING, 0, ack, payload));
    }

    @Override
    public void goAway(int lastStreamId, int errorCode, ByteBuffer debugData) {
      byte[] d = new byte[debugData.remaining()];
      debugData.get(d);
      events.add(new Event(FrameType.GOAWAY, 0, false,
          new GoAway(lastStreamId, ErrorCode.of(errorCode), new String(d, java.nio.charset.StandardCharsets.UTF_8))));
    }

    @Override
    public void windowUpdate(int streamId, int increment) {
      events.add(new Event(FrameType.WINDOW_UPDATE, streamId, false, increment));
    }
  }
}
