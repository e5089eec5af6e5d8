package dev.proxima.bench;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.hpack.HpackDecoder;
import dev.proxima.internal.hpack.HpackEncoder;
import dev.proxima.internal.hpack.HpackException;
import dev.proxima.internal.io.OutboundBuffer;
import java.nio.ByteBuffer;
import java.util.List;
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
 * HPACK (RFC 7541) cost of one gRPC unary call's headers with the core's {@link HpackEncoder} and
 * {@link HpackDecoder}: the request headers, and the response headers plus trailers.
 *
 * <p>Two regimes matter. <em>Steady state</em> is a long-lived connection whose dynamic table
 * already holds every field, so each block is a handful of indexes: this is the per-call cost a
 * busy channel pays. <em>First request</em> uses a fresh encoder or decoder per operation, so
 * every field is a Huffman-coded literal added to the table: this is what a new connection pays
 * and what short-lived connections pay all the time.
 *
 * <p>{@link NettyHpackBenchmark} runs the same header sets through Netty; run both in one JMH
 * invocation to quote ratios. Run with {@code -prof gc} for {@code gc.alloc.rate.norm} (B/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// A fixed, pre-touched heap: page faults on fresh heap memory stay out of the figures.
@Fork(jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"})
public class HpackBenchmark {
  /** Our SETTINGS_HEADER_TABLE_SIZE and SETTINGS_MAX_HEADER_LIST_SIZE, as Netty's defaults. */
  static final int TABLE_SIZE = 4096;
  static final int MAX_HEADER_LIST_SIZE = 8192;

  private final List<HeaderField> request = GrpcHeaders.fields(GrpcHeaders.REQUEST);
  private final List<HeaderField> response = GrpcHeaders.fields(GrpcHeaders.RESPONSE);
  private final List<HeaderField> trailers = GrpcHeaders.fields(GrpcHeaders.TRAILERS);

  /** Reused output: cleared, not drained, so encoding itself is what is measured. */
  private final OutboundBuffer out = new OutboundBuffer();

  /** Each direction has its own context: the client's for requests, the server's for responses. */
  private HpackEncoder requestEncoder;
  private HpackDecoder requestDecoder;
  private HpackEncoder responseEncoder;
  private HpackDecoder responseDecoder;

  /** Blocks as a fresh encoder writes them (all literals) and as a warmed one does (indexes). */
  private ByteBuffer requestFirst;
  private ByteBuffer responseFirst;
  private ByteBuffer trailersFirst;
  private ByteBuffer requestSteady;
  private ByteBuffer responseSteady;
  private ByteBuffer trailersSteady;

  @Setup
  public void setUp() throws HpackException {
    requestEncoder = new HpackEncoder();
    requestFirst = encode(requestEncoder, request);
    requestSteady = encode(requestEncoder, request);
    responseEncoder = new HpackEncoder();
    responseFirst = encode(responseEncoder, response);
    trailersFirst = encode(responseEncoder, trailers);
    responseSteady = encode(responseEncoder, response);
    trailersSteady = encode(responseEncoder, trailers);

    requestDecoder = new HpackDecoder(TABLE_SIZE, MAX_HEADER_LIST_SIZE);
    check(requestDecoder.decode(requestFirst.position(0)), request);
    check(requestDecoder.decode(requestSteady.position(0)), request);
    responseDecoder = new HpackDecoder(TABLE_SIZE, MAX_HEADER_LIST_SIZE);
    check(responseDecoder.decode(responseFirst.position(0)), response);
    check(responseDecoder.decode(trailersFirst.position(0)), trailers);
    check(responseDecoder.decode(responseSteady.position(0)), response);
    check(responseDecoder.decode(trailersSteady.position(0)), trailers);
    // A fresh context must decode the first-request blocks: they may not name the warm tables.
    check(new HpackDecoder(TABLE_SIZE, MAX_HEADER_LIST_SIZE).decode(requestFirst.position(0)),
        request);
    HpackDecoder fresh = new HpackDecoder(TABLE_SIZE, MAX_HEADER_LIST_SIZE);
    check(fresh.decode(responseFirst.position(0)), response);
    check(fresh.decode(trailersFirst.position(0)), trailers);
  }

  /** Request headers, dynamic table warm: nine indexed fields. */
  @Benchmark
  public long encodeRequestSteady() {
    out.clear();
    requestEncoder.encode(request, out);
    return out.readableBytes();
  }

  /** Request headers into a new connection's encoder (constructor included). */
  @Benchmark
  public long encodeRequestFirst() {
    out.clear();
    new HpackEncoder().encode(request, out);
    return out.readableBytes();
  }

  /** Response headers then trailers, dynamic table warm. */
  @Benchmark
  public long encodeResponseSteady() {
    out.clear();
    responseEncoder.encode(response, out);
    responseEncoder.encode(trailers, out);
    return out.readableBytes();
  }

  /** Response headers then trailers into a new connection's encoder. */
  @Benchmark
  public long encodeResponseFirst() {
    out.clear();
    HpackEncoder encoder = new HpackEncoder();
    encoder.encode(response, out);
    encoder.encode(trailers, out);
    return out.readableBytes();
  }

  /** Request block of indexes against a warm table; decoding it leaves the table unchanged. */
  @Benchmark
  public List<HeaderField> decodeRequestSteady() throws HpackException {
    return requestDecoder.decode(requestSteady.position(0));
  }

  /** Request block of literals into a new connection's decoder (constructor included). */
  @Benchmark
  public List<HeaderField> decodeRequestFirst() throws HpackException {
    return new HpackDecoder(TABLE_SIZE, MAX_HEADER_LIST_SIZE).decode(requestFirst.position(0));
  }

  /** Response headers and trailers blocks against a warm table. */
  @Benchmark
  public void decodeResponseSteady(Blackhole bh) throws HpackException {
    bh.consume(responseDecoder.decode(responseSteady.position(0)));
    bh.consume(responseDecoder.decode(trailersSteady.position(0)));
  }

  /** Response headers and trailers blocks into a new connection's decoder. */
  @Benchmark
  public void decodeResponseFirst(Blackhole bh) throws HpackException {
    HpackDecoder decoder = new HpackDecoder(TABLE_SIZE, MAX_HEADER_LIST_SIZE);
    bh.consume(decoder.decode(responseFirst.position(0)));
    bh.consume(decoder.decode(trailersFirst.position(0)));
  }

  private static ByteBuffer encode(HpackEncoder encoder, List<HeaderField> headers) {
    OutboundBuffer buffer = new OutboundBuffer();
    encoder.encode(headers, buffer);
    return ByteBuffer.wrap(buffer.toByteArray());
  }

  /** The benchmark would be meaningless if the round trip were wrong: fail the setup instead. */
  private static void check(List<HeaderField> decoded, List<HeaderField> expected) {
    if (!decoded.equals(expected)) {
      throw new IllegalStateException("HPACK round trip: " + decoded + " != " + expected);
    }
  }
}
