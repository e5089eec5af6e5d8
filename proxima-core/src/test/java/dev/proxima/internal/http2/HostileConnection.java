package dev.proxima.internal.http2;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.hpack.HpackDecoder;
import dev.proxima.internal.hpack.HpackException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One hostile client on a real socket: the preface and our SETTINGS, the server's SETTINGS
 * acknowledged, then the frames of a {@link HostileScript} and a PING whose ACK tells that the
 * server has read them all (it reads in order). It records every frame the server sends until the
 * server closes the socket, or everything the {@link ClientView} says is owed has come, or the
 * server stays silent for {@link #QUIET_MILLIS}.
 *
 * <p>Not thread-safe: one thread runs it, another may close it after.
 */
final class HostileConnection implements AutoCloseable {
  static final int QUIET_MILLIS = 3000;
  /** The payload of the PING that follows the frames. */
  static final long BARRIER = 0x6261_7272_6965_7221L;
  private static final long MAX_MILLIS = 5000;

  /** One frame from the server; {@code detail} as {@link RawPeer.Event} has it. */
  record Reply(FrameType type, int flags, int streamId, Object detail) {
    boolean has(int flag) {
      return (flags & flag) != 0;
    }

    @SuppressWarnings("unchecked")
    List<HeaderField> headers() {
      return (List<HeaderField>) detail;
    }

    String header(String name) {
      return headers().stream().filter(f -> f.name().equals(name)).map(HeaderField::value).findFirst().orElse(null);
    }

    @Override
    public String toString() {
      return type + " stream=" + streamId + " flags=0x" + Integer.toHexString(flags) + " " + (detail instanceof byte[] b
          ? HexFormat.of().formatHex(b) : String.valueOf(detail));
    }
  }

  final List<Reply> replies = new ArrayList<>();
  boolean closedByServer;
  boolean barrierAcked;
  /** What our frame reader refused in the server's octets (a server bug), or null. */
  String readFailure;
  /** Why a write failed (the server closed while we wrote), or null. */
  String writeFailure;

  private final Socket socket;
  private final HostileScript script;
  private final ClientView view;
  private final HpackDecoder decoder = new HpackDecoder(Http2Settings.DEFAULT_HEADER_TABLE_SIZE, Long.MAX_VALUE);
  private final FrameReader reader;
  private boolean scriptSent;

  private HostileConnection(Socket socket, HostileScript script, ClientView view) {
    this.socket = socket;
    this.script = script;
    this.view = view;
    // Frames longer than what we announced break the server's side of RFC 9113 §4.2.
    this.reader = new FrameReader(false, script.maxFrameSize(), 1 << 20);
  }

  /** Runs {@code script} against the server at {@code address}; the socket stays open unless closed. */
  static HostileConnection run(InetSocketAddress address, HostileScript script, ClientView view) throws IOException {
    Socket socket = new Socket();
    socket.connect(address, 2000);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(20);
    HostileConnection c = new HostileConnection(socket, script, view);
    c.converse();
    return c;
  }

  private void converse() throws IOException {
    ByteArrayOutputStream hello = new ByteArrayOutputStream();
    hello.writeBytes(Preface.bytes());
    hello.writeBytes(script.settings.bytes());
    write(hello.toByteArray());
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[64 << 10];
    long start = System.nanoTime();
    long lastHeard = start;
    while (readFailure == null) {
      long now = System.nanoTime();
      if (TimeUnit.NANOSECONDS.toMillis(now - lastHeard) >= QUIET_MILLIS
          || TimeUnit.NANOSECONDS.toMillis(now - start) >= MAX_MILLIS || settled()) {
        return;
      }
      int n;
      try {
        n = in.read(buf);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        closedByServer = true; // reset by the server
        return;
      }
      if (n < 0) {
        closedByServer = true;
        return;
      }
      lastHeard = System.nanoTime();
      try {
        reader.read(ByteBuffer.wrap(buf, 0, n), new Recorder());
      } catch (Http2Exception e) {
        readFailure = e.getMessage();
      }
    }
  }

  /** The server has read everything, answered what it owes, and said nothing that wants an end. */
  private boolean settled() {
    if (!barrierAcked || goAway() != null) {
      return false;
    }
    for (int s : view.owed) {
      if (!answered(s)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the server ended stream {@code s}: an answer with END_STREAM, or RST_STREAM. */
  boolean answered(int s) {
    for (Reply r : replies) {
      if (r.streamId() == s && (r.type() == FrameType.RST_STREAM
          || (r.type() == FrameType.HEADERS || r.type() == FrameType.DATA) && r.has(FrameFlags.END_STREAM))) {
        return true;
      }
    }
    return false;
  }

  boolean resetByServer(int s) {
    return replies.stream().anyMatch(r -> r.streamId() == s && r.type() == FrameType.RST_STREAM);
  }

  boolean endedByServer(int s) {
    return replies.stream().anyMatch(r -> r.streamId() == s
        && (r.type() == FrameType.HEADERS || r.type() == FrameType.DATA) && r.has(FrameFlags.END_STREAM));
  }

  /** The server's GOAWAY, or null. */
  RawPeer.GoAway goAway() {
    for (Reply r : replies) {
      if (r.type() == FrameType.GOAWAY) {
        return (RawPeer.GoAway) r.detail();
      }
    }
    return null;
  }

  /** Our ACK of the server's SETTINGS, the frames, and the PING that closes them (or our side). */
  private void sendScript() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Frames.raw(FrameType.SETTINGS.code(), FrameFlags.ACK, 0));
    out.writeBytes(script.bytes());
    if (!script.closeAfterSending) {
      out.writeBytes(Frames.raw(FrameType.PING.code(), 0, 0, ByteBuffer.allocate(8).putLong(BARRIER).array()));
    }
    write(out.toByteArray());
    if (script.closeAfterSending) {
      try {
        socket.shutdownOutput();
      } catch (IOException e) {
        writeFailure = e.getMessage();
      }
    }
  }

  private void write(byte[] bytes) {
    try {
      OutputStream os = socket.getOutputStream();
      os.write(bytes);
      os.flush();
    } catch (IOException e) {
      writeFailure = e.getMessage(); // the server may close while we write: what it sent says why
    }
  }

  boolean isOpen() {
    return !closedByServer && !socket.isClosed() && !script.closeAfterSending;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private final class Recorder implements FrameHandler {
    private void add(FrameType type, int flags, int streamId, Object detail) {
      replies.add(new Reply(type, flags, streamId, detail));
    }

    @Override
    public void data(int streamId, boolean endStream, ByteBuffer payload, int flowControlledLength) {
      byte[] b = new byte[payload.remaining()];
      payload.get(b);
      add(FrameType.DATA, endStream ? FrameFlags.END_STREAM : 0, streamId, b);
    }

    @Override
    public void headers(int streamId, boolean endStream, ByteBuffer headerBlock) throws Http2Exception {
      try {
        add(FrameType.HEADERS, endStream ? FrameFlags.END_STREAM : 0, streamId, decoder.decode(headerBlock));
      } catch (HpackException e) {
        throw Http2Exception.connectionError(ErrorCode.COMPRESSION_ERROR, "server's header block: " + e.getMessage());
      }
    }

    @Override
    public void priority(int streamId, int streamDependency, int weight, boolean exclusive) {
      add(FrameType.PRIORITY, 0, streamId, weight);
    }

    @Override
    public void rstStream(int streamId, int errorCode) {
      add(FrameType.RST_STREAM, 0, streamId, ErrorCode.of(errorCode));
    }

    @Override
    public void settings(boolean ack, Http2Settings settings) {
      add(FrameType.SETTINGS, ack ? FrameFlags.ACK : 0, 0, settings);
      if (ack) {
        // From now on the server encodes against the table size we announced (RFC 9113 §6.5.3).
        decoder.setMaxHeaderTableSize(script.headerTableSize());
      } else if (!scriptSent) {
        scriptSent = true;
        sendScript();
      }
    }

    @Override
    public void pushPromise(int streamId, int promisedStreamId, ByteBuffer headerBlock) {
      add(FrameType.PUSH_PROMISE, 0, streamId, promisedStreamId);
    }

    @Override
    public void ping(boolean ack, long payload) {
      add(FrameType.PING, ack ? FrameFlags.ACK : 0, 0, payload);
      if (ack && payload == BARRIER) {
        barrierAcked = true;
      }
    }

    @Override
    public void goAway(int lastStreamId, int errorCode, ByteBuffer debugData) {
      byte[] d = new byte[debugData.remaining()];
      debugData.get(d);
      add(FrameType.GOAWAY, 0, 0, new RawPeer.GoAway(lastStreamId, ErrorCode.of(errorCode), new String(d, StandardCharsets.UTF_8)));
    }

    @Override
    public void windowUpdate(int streamId, int increment) {
      add(FrameType.WINDOW_UPDATE, 0, streamId, increment);
    }
  }
}
