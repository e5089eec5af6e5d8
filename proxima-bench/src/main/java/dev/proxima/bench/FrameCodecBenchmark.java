package dev.proxima.bench;

import dev.proxima.internal.hpack.HpackEncoder;
import dev.proxima.internal.http2.FrameHandler;
import dev.proxima.internal.http2.FrameReader;
import dev.proxima.internal.http2.FrameWriter;
import dev.proxima.internal.http2.Http2Exception;
import dev.proxima.internal.http2.Http2Settings;
import dev.proxima.internal.io.OutboundBuffer;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The HTTP/2 framing layer alone (RFC 9113 §4–§6), without HPACK or stream state: the frames of
 * one gRPC unary message exchange, a HEADERS frame carrying the HPACK block of the typical gRPC
 * request headers as a new connection sends them, a 100-octet DATA frame (a small protobuf
 * message with its 5-octet gRPC prefix) and a HEADERS frame with the trailers block and
 * END_STREAM.
 *
 * <ul>
 *   <li>{@link #writeUnaryExchange}: {@link FrameWriter} into an {@link OutboundBuffer}, then
 *       {@link OutboundBuffer#drain()} as the connection does before each gathering write, so the
 *       buffer's chunk allocation per flush is part of the figure.
 *   <li>{@link #writeUnaryExchangeCleared}: the same frames into a buffer that is
 *       {@linkplain OutboundBuffer#clear() cleared} instead, keeping its chunk: the frame writer's
 *       own cost, to tell it apart from the buffer's allocation above.
 *   <li>{@link #readUnaryExchange}: the same bytes through {@link FrameReader} into a handler that
 *       only hands its arguments to a {@link Blackhole}: the per-frame parse and check cost every
 *       inbound byte pays.
 *   <li>{@link #readData16k}: one DATA frame of 16 KiB (the default SETTINGS_MAX_FRAME_SIZE), the
 *       bulk-transfer case; the reader hands out a slice, so the cost should not grow with size.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// A fixed, pre-touched heap: page faults on fresh heap memory stay out of the figures.
@Fork(jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"})
public class FrameCodecBenchmark {
  private static final int STREAM_ID = 1;
  private static final int MESSAGE_LENGTH = 100;

  private final FrameWriter writer = new FrameWriter();
  private final OutboundBuffer out = new OutboundBuffer();
  private final BlackholeHandler handler = new BlackholeHandler();

  private byte[] headerBlock;
  private byte[] trailerBlock;
  private ByteBuffer message;

  private FrameReader reader;
  private ByteBuffer exchangeBytes;
  private ByteBuffer data16kBytes;

  @Setup
  public void setUp() throws Http2Exception {
    HpackEncoder hpack = new HpackEncoder();
    headerBlock = block(hpack, GrpcHeaders.REQUEST);
    trailerBlock = block(hpack, GrpcHeaders.TRAILERS);
    message = ByteBuffer.wrap(new byte[MESSAGE_LENGTH]);

    writeExchange();
    exchangeBytes = ByteBuffer.wrap(out.toByteArray());
    out.drain();

    writer.data(out, STREAM_ID, ByteBuffer.wrap(new byte[Http2Settings.DEFAULT_MAX_FRAME_SIZE]),
        false);
    data16kBytes = ByteBuffer.wrap(out.toByteArray());
    out.drain();

    // RFC 9113 §3.4: the reader wants SETTINGS first; a connection's reader is past that point.
    reader = new FrameReader(false, Http2Settings.DEFAULT_MAX_FRAME_SIZE, 64 * 1024);
    writer.settings(out, new Http2Settings());
    reader.read(ByteBuffer.wrap(out.toByteArray()), handler);
    out.drain();
  }

  /** HEADERS, DATA and trailers HEADERS written and drained for a gathering write. */
  @Benchmark
  public ByteBuffer[] writeUnaryExchange() {
    writeExchange();
    return out.drain();
  }

  /**
   * Written, drained, and each chunk given back once "written", as the connection's socket write
   * does: the steady state of a connection flushing every loop turn.
   */
  @Benchmark
  public int writeUnaryExchangeRecycled() {
    writeExchange();
    ByteBuffer[] bufs = out.drain();
    for (ByteBuffer b : bufs) {
      b.position(b.limit());
      out.recycle(b);
    }
    return bufs.length;
  }

  /** The same frames into a reused chunk: the writer without the per-flush chunk allocation. */
  @Benchmark
  public long writeUnaryExchangeCleared() {
    out.clear();
    writeExchange();
    return out.readableBytes();
  }

  /** The unary exchange's three frames read from one buffer (the common whole-frames case). */
  @Benchmark
  public void readUnaryExchange(Blackhole bh) throws Http2Exception {
    handler.bh = bh;
    reader.read(exchangeBytes.position(0), handler);
  }

  /** One 16 KiB DATA frame read from one buffer. */
  @Benchmark
  public void readData16k(Blackhole bh) throws Http2Exception {
    handler.bh = bh;
    reader.read(data16kBytes.position(0), handler);
  }

  private void writeExchange() {
    writer.headers(out, STREAM_ID, headerBlock, 0, headerBlock.length, false);
    writer.data(out, STREAM_ID, message.position(0), false); // small: copied, so reusable
    writer.headers(out, STREAM_ID, trailerBlock, 0, trailerBlock.length, true);
  }

  private static byte[] block(HpackEncoder hpack, String[][] headers) {
    OutboundBuffer buffer = new OutboundBuffer();
    hpack.encode(GrpcHeaders.fields(headers), buffer);
    return buffer.toByteArray();
  }

  /** Passes every frame to the current {@link Blackhole} so nothing is optimised away. */
  private static final class BlackholeHandler implements FrameHandler {
    Blackhole bh;

    @Override
    public void data(int streamId, boolean endStream, ByteBuffer payload,
        int flowControlledLength) {
      if (bh != null) {
        bh.consume(streamId);
        bh.consume(endStream);
        bh.consume(payload);
        bh.consume(flowControlledLength);
      }
    }

    @Override
    public void headers(int streamId, boolean endStream, ByteBuffer headerBlock) {
      if (bh != null) {
        bh.consume(streamId);
        bh.consume(endStream);
        bh.consume(headerBlock);
      }
    }

    @Override
    public void priority(int streamId, int streamDependency, int weight, boolean exclusive) {}

    @Override
    public void rstStream(int streamId, int errorCode) {}

    @Override
    public void settings(boolean ack, Http2Settings settings) {
      if (bh != null) {
        bh.consume(settings);
      }
    }

    @Override
    public void pushPromise(int streamId, int promisedStreamId, ByteBuffer headerBlock) {}

    @Override
    public void ping(boolean ack, long payload) {}

    @Override
    public void goAway(int lastStreamId, int errorCode, ByteBuffer debugData) {}

    @Override
    public void windowUpdate(int streamId, int increment) {}
  }
}
