package dev.proxima.bench;

import dev.proxima.internal.hpack.HpackEncoder;
import dev.proxima.internal.io.OutboundBuffer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
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
 * The reference for {@link HpackBenchmark}: the same header sets, the same regimes (steady state
 * and first request) and the same operations, through Netty's {@link DefaultHttp2HeadersEncoder}
 * and {@link DefaultHttp2HeadersDecoder}, the codec grpc-java's Netty transport sits on. Measured
 * in the same JMH run, the two give ratios that hold on this machine, whatever its noise.
 *
 * <p>Like-for-like choices: headers are {@link AsciiString}s, as grpc-java builds them; the
 * decoder does not validate headers ({@code validateHeaders = false}), because the core's
 * {@code HpackDecoder} leaves validation to the HTTP/2 layer; table size 4096 and header list
 * limit 8192 on both sides. Differences that remain: Netty Huffman-codes only strings of 512
 * octets or more by default (the core does so whenever it is shorter), and Netty decodes into a
 * {@link DefaultHttp2Headers} hash structure where the core builds a list. The
 * {@code ...ProximaBytes} variants decode the core encoder's blocks, so that decode ratios can
 * also be read on identical input.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// A fixed, pre-touched heap: page faults on fresh heap memory stay out of the figures.
@Fork(jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"})
public class NettyHpackBenchmark {
  private static final int STREAM_ID = 3;

  private final Http2Headers request = headers(GrpcHeaders.REQUEST);
  private final Http2Headers response = headers(GrpcHeaders.RESPONSE);
  private final Http2Headers trailers = headers(GrpcHeaders.TRAILERS);

  private final ByteBuf out = Unpooled.buffer(256);

  private DefaultHttp2HeadersEncoder requestEncoder;
  private DefaultHttp2HeadersDecoder requestDecoder;
  private DefaultHttp2HeadersEncoder responseEncoder;
  private DefaultHttp2HeadersDecoder responseDecoder;

  /** First-request blocks as the core's encoder writes them (Huffman-coded), for like-for-like. */
  private ByteBuf requestFirstProxima;
  private ByteBuf responseFirstProxima;
  private ByteBuf trailersFirstProxima;

  private ByteBuf requestFirst;
  private ByteBuf responseFirst;
  private ByteBuf trailersFirst;
  private ByteBuf requestSteady;
  private ByteBuf responseSteady;
  private ByteBuf trailersSteady;

  @Setup
  public void setUp() throws Http2Exception {
    requestEncoder = newEncoder();
    requestFirst = encode(requestEncoder, request);
    requestSteady = encode(requestEncoder, request);
    responseEncoder = newEncoder();
    responseFirst = encode(responseEncoder, response);
    trailersFirst = encode(responseEncoder, trailers);
    responseSteady = encode(responseEncoder, response);
    trailersSteady = encode(responseEncoder, trailers);

    requestDecoder = newDecoder();
    check(requestDecoder.decodeHeaders(STREAM_ID, requestFirst.readerIndex(0)), request);
    check(requestDecoder.decodeHeaders(STREAM_ID, requestSteady.readerIndex(0)), request);
    responseDecoder = newDecoder();
    check(responseDecoder.decodeHeaders(STREAM_ID, responseFirst.readerIndex(0)), response);
    check(responseDecoder.decodeHeaders(STREAM_ID, trailersFirst.readerIndex(0)), trailers);
    check(responseDecoder.decodeHeaders(STREAM_ID, responseSteady.readerIndex(0)), response);
    check(responseDecoder.decodeHeaders(STREAM_ID, trailersSteady.readerIndex(0)), trailers);

    HpackEncoder proxima = new HpackEncoder();
    requestFirstProxima = proximaBlock(proxima, GrpcHeaders.REQUEST);
    check(newDecoder().decodeHeaders(STREAM_ID, requestFirstProxima.readerIndex(0)), request);
    proxima = new HpackEncoder();
    responseFirstProxima = proximaBlock(proxima, GrpcHeaders.RESPONSE);
    trailersFirstProxima = proximaBlock(proxima, GrpcHeaders.TRAILERS);
    DefaultHttp2HeadersDecoder fresh = newDecoder();
    check(fresh.decodeHeaders(STREAM_ID, responseFirstProxima.readerIndex(0)), response);
    check(fresh.decodeHeaders(STREAM_ID, trailersFirstProxima.readerIndex(0)), trailers);
  }

  @Benchmark
  public int encodeRequestSteady() throws Http2Exception {
    out.clear();
    requestEncoder.encodeHeaders(STREAM_ID, request, out);
    return out.readableBytes();
  }

  @Benchmark
  public int encodeRequestFirst() throws Http2Exception {
    out.clear();
    newEncoder().encodeHeaders(STREAM_ID, request, out);
    return out.readableBytes();
  }

  @Benchmark
  public int encodeResponseSteady() throws Http2Exception {
    out.clear();
    responseEncoder.encodeHeaders(STREAM_ID, response, out);
    responseEncoder.encodeHeaders(STREAM_ID, trailers, out);
    return out.readableBytes();
  }

  @Benchmark
  public int encodeResponseFirst() throws Http2Exception {
    out.clear();
    DefaultHttp2HeadersEncoder encoder = newEncoder();
    encoder.encodeHeaders(STREAM_ID, response, out);
    encoder.encodeHeaders(STREAM_ID, trailers, out);
    return out.readableBytes();
  }

  @Benchmark
  public Http2Headers decodeRequestSteady() throws Http2Exception {
    return requestDecoder.decodeHeaders(STREAM_ID, requestSteady.readerIndex(0));
  }

  @Benchmark
  public Http2Headers decodeRequestFirst() throws Http2Exception {
    return newDecoder().decodeHeaders(STREAM_ID, requestFirst.readerIndex(0));
  }

  @Benchmark
  public void decodeResponseSteady(Blackhole bh) throws Http2Exception {
    bh.consume(responseDecoder.decodeHeaders(STREAM_ID, responseSteady.readerIndex(0)));
    bh.consume(responseDecoder.decodeHeaders(STREAM_ID, trailersSteady.readerIndex(0)));
  }

  @Benchmark
  public void decodeResponseFirst(Blackhole bh) throws Http2Exception {
    DefaultHttp2HeadersDecoder decoder = newDecoder();
    bh.consume(decoder.decodeHeaders(STREAM_ID, responseFirst.readerIndex(0)));
    bh.consume(decoder.decodeHeaders(STREAM_ID, trailersFirst.readerIndex(0)));
  }

  /**
   * Like {@link #decodeRequestFirst} but on the very bytes {@code HpackBenchmark.decodeRequestFirst}
   * decodes: Netty's encoder does not Huffman-code short strings, so its own first-request block
   * is cheaper to decode; this variant takes that difference out of the ratio.
   */
  @Benchmark
  public Http2Headers decodeRequestFirstProximaBytes() throws Http2Exception {
    return newDecoder().decodeHeaders(STREAM_ID, requestFirstProxima.readerIndex(0));
  }

  /** Like {@link #decodeResponseFirst} on the core encoder's (Huffman-coded) blocks. */
  @Benchmark
  public void decodeResponseFirstProximaBytes(Blackhole bh) throws Http2Exception {
    DefaultHttp2HeadersDecoder decoder = newDecoder();
    bh.consume(decoder.decodeHeaders(STREAM_ID, responseFirstProxima.readerIndex(0)));
    bh.consume(decoder.decodeHeaders(STREAM_ID, trailersFirstProxima.readerIndex(0)));
  }

  static DefaultHttp2HeadersEncoder newEncoder() {
    return new DefaultHttp2HeadersEncoder();
  }

  static DefaultHttp2HeadersDecoder newDecoder() {
    return new DefaultHttp2HeadersDecoder(false, HpackBenchmark.MAX_HEADER_LIST_SIZE);
  }

  static Http2Headers headers(String[][] pairs) {
    Http2Headers headers = new DefaultHttp2Headers(false);
    for (String[] pair : pairs) {
      headers.add(AsciiString.of(pair[0]), AsciiString.of(pair[1]));
    }
    return headers;
  }

  static ByteBuf encode(DefaultHttp2HeadersEncoder encoder, Http2Headers headers)
      throws Http2Exception {
    ByteBuf buf = Unpooled.buffer();
    encoder.encodeHeaders(STREAM_ID, headers, buf);
    return buf;
  }

  private static ByteBuf proximaBlock(HpackEncoder encoder, String[][] headers) {
    OutboundBuffer out = new OutboundBuffer();
    encoder.encode(GrpcHeaders.fields(headers), out);
    return Unpooled.wrappedBuffer(out.toByteArray());
  }

  private static void check(Http2Headers decoded, Http2Headers expected) {
    if (decoded.size() != expected.size()) {
      throw new IllegalStateException("HPACK round trip: " + decoded + " != " + expected);
    }
    for (var entry : expected) {
      if (!decoded.contains(entry.getKey(), entry.getValue())) {
        throw new IllegalStateException("HPACK round trip: " + decoded + " != " + expected);
      }
    }
  }
}
