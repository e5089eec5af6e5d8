package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.hpack.HpackEncoder;
import dev.proxima.internal.io.Connection;
import dev.proxima.internal.io.EventLoop;
import dev.proxima.internal.io.EventLoopGroup;
import dev.proxima.internal.io.OutboundBuffer;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer that makes us queue frames it provokes (acknowledgements, resets) while it reads nothing
 * floods us (RFC 9113 §10.5): once more than {@link Http2Config#maxQueuedControlBytes()} wait for
 * a socket that takes nothing, the connection ends with GOAWAY ENHANCE_YOUR_CALM, whichever frame
 * it was. Our server on a socket that never drains, fed frames as they would be read.
 */
@Timeout(20)
class ControlFrameBacklogTest {
  private static final int BACKLOG = 1024;
  /** Far more than BACKLOG's worth of resets: each provocation makes the server owe one. */
  private static final int PROVOCATIONS = 10 * BACKLOG;
  private static final Http2Config SMALL_BACKLOG = Http2Config.builder().maxQueuedControlBytes(BACKLOG)
      .resetFloodLimit(new Http2Config.FloodLimit(100 * PROVOCATIONS, Duration.ofSeconds(10)))
      .build();
  private static final List<HeaderField> VALID = List.of(new HeaderField(":method", "POST"),
      new HeaderField(":scheme", "http"), new HeaderField(":authority", "localhost"),
      new HeaderField(":path", "/"));

  private final EventLoopGroup group = new EventLoopGroup(1, "backlog-loop", true);
  private final FrameWriter writer = new FrameWriter();
  private final HpackEncoder encoder = new HpackEncoder();

  @AfterEach
  void closeLoops() {
    group.close();
  }

  /** A socket whose peer reads nothing: everything written stays queued. */
  private static final class UnreadSocket implements Connection {
    private final EventLoop loop;
    private final OutboundBuffer outbound = new OutboundBuffer();
    private volatile boolean open = true;

    UnreadSocket(EventLoop loop) {
      this.loop = loop;
    }

    @Override public EventLoop loop() {
      return loop;
    }

    @Override public OutboundBuffer outbound() {
      return outbound;
    }

    @Override public void flushLater() {}

    @Override public boolean isWritable() {
      return false;
    }

    @Override public boolean isOpen() {
      return open;
    }

    @Override public void close() {
      open = false;
    }

    @Override public void closeAfterFlush(long timeoutMillis) {
      open = false;
    }

    @Override public void setReadPaused(boolean paused) {}

    @Override public SocketAddress remoteAddress() {
      return null;
    }

    @Override public SocketAddress localAddress() {
      return null;
    }
  }

  private byte[] frames(Consumer<OutboundBuffer> writes) {
    OutboundBuffer out = new OutboundBuffer();
    writes.accept(out);
    return out.toByteArray();
  }

  private byte[] headers(int streamId, List<HeaderField> fields, boolean endStream) {
    OutboundBuffer block = new OutboundBuffer();
    encoder.encode(fields, block);
    byte[] bytes = block.toByteArray();
    return frames(out -> writer.headers(out, streamId, bytes, 0, bytes.length, endStream));
  }

  /**
   * Opens our server on a socket that never drains, reads the client's preface and SETTINGS and
   * then, one read each, {@code provocation(i)} for the i-th client stream id until the server
   * closes; returns what it wrote.
   */
  private RecordingHandler feed(StreamAcceptor acceptor, IntFunction<byte[]> provocation) throws Exception {
    EventLoop loop = group.next();
    UnreadSocket socket = new UnreadSocket(loop);
    Http2Connection server = Http2Connection.server(SMALL_BACKLOG, acceptor);
    byte[] handshake = frames(out -> {
      out.write(Preface.bytes());
      writer.settings(out, new Http2Settings());
      writer.settingsAck(out);
    });
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(() -> {
      server.onRegistered(socket);
      server.onOpen(socket);
      server.onRead(ByteBuffer.wrap(handshake));
      for (int i = 0; i < PROVOCATIONS && !server.isClosed(); i++) {
        server.onRead(ByteBuffer.wrap(provocation.apply(2 * i + 1)));
      }
      done.complete(null);
    });
    done.get(10, TimeUnit.SECONDS);
    assertTrue(server.isClosed(), "the server ended the connection");
    RecordingHandler written = new RecordingHandler();
    new FrameReader(false, Http2Settings.MAX_MAX_FRAME_SIZE, 1 << 20)
        .read(ByteBuffer.wrap(socket.outbound().toByteArray()), written);
    return written;
  }

  /** The server stopped at about {@link #BACKLOG} bytes of resets, with ENHANCE_YOUR_CALM. */
  private static void assertStoppedAsAFlood(RecordingHandler written) {
    List<String> events = written.events;
    String last = events.get(events.size() - 1);
    assertTrue(last.startsWith("GOAWAY") && last.contains("ENHANCE_YOUR_CALM"), last);
    long resets = events.stream().filter(e -> e.startsWith("RST_STREAM")).count();
    assertTrue(resets <= BACKLOG / 13 + 1, resets + " RST_STREAM frames (13 octets each) queued");
  }

  @Test
  void resetsOfMalformedRequestsQueuedForAPeerThatReadsNothingAreAFlood() throws Exception {
    List<HeaderField> malformed = List.of(new HeaderField(":method", "GET"), new HeaderField(":scheme", "http"),
        new HeaderField(":path", "/"), new HeaderField("Upper-Case", "RFC 9113 §8.2.1"));
    assertStoppedAsAFlood(feed(s -> new Http2StreamListener() {}, id -> headers(id, malformed, true)));
  }

  @Test
  void resetsOfFramesInErrorOnStreamsNotOpenQueuedForAPeerThatReadsNothingAreAFlood() throws Exception {
    // Each stream is closed by the peer's own RST_STREAM (on an idle stream the error would end the
    // connection at once, RFC 9113 §6.4), then gets a PRIORITY 6 octets long, not 5: a stream
    // error (RFC 9113 §6.3).
    byte[] cancel = ByteBuffer.allocate(4).putInt(ErrorCode.CANCEL.code()).array();
    byte[] tooLong = new byte[6];
    assertStoppedAsAFlood(feed(s -> new Http2StreamListener() {}, id -> Frames.concat(
        headers(id, VALID, false),
        frames(out -> writer.frame(out, FrameType.RST_STREAM.code(), 0, id, cancel)),
        frames(out -> writer.frame(out, FrameType.PRIORITY.code(), 0, id, tooLong)))));
  }

  @Test
  void resetsOfDataOnClosedStreamsQueuedForAPeerThatReadsNothingAreAFlood() throws Exception {
    // Each stream is closed by the peer's own RST_STREAM, then gets DATA: STREAM_CLOSED (RFC 9113 §5.1).
    byte[] cancel = ByteBuffer.allocate(4).putInt(ErrorCode.CANCEL.code()).array();
    assertStoppedAsAFlood(feed(s -> new Http2StreamListener() {}, id -> Frames.concat(
        headers(id, VALID, false),
        frames(out -> writer.frame(out, FrameType.RST_STREAM.code(), 0, id, cancel)),
        frames(out -> writer.data(out, id, ByteBuffer.wrap(new byte[1]), false)))));
  }

  @Test
  void resetsOurListenersMakeQueuedForAPeerThatReadsNothingAreAFlood() throws Exception {
    assertStoppedAsAFlood(feed(s -> new ResetsOnHeaders(), id -> headers(id, VALID, false)));
  }

  @Test
  void resetsRefusingStreamsOverOurLimitQueuedForAPeerThatReadsNothingAreAFlood() throws Exception {
    // Streams held open up to our SETTINGS_MAX_CONCURRENT_STREAMS, then each new one is refused
    // (RFC 9113 §5.1.2).
    assertStoppedAsAFlood(feed(s -> new Http2StreamListener() {}, id -> headers(id, VALID, false)));
  }
}
