package dev.proxima.bench;

import dev.proxima.internal.hpack.HpackEncoder;
import dev.proxima.internal.io.OutboundBuffer;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;

/**
 * Prints the HPACK block sizes behind the benchmarks, first request and steady state, for the core
 * and for Netty: CPU figures mean little without the bytes they produce. Run with
 * {@code java -cp proxima-bench/target/benchmarks.jar dev.proxima.bench.BlockSizes}.
 */
public final class BlockSizes {
  private BlockSizes() {}

  public static void main(String[] args) throws Http2Exception {
    String[][][] sets = {GrpcHeaders.REQUEST, GrpcHeaders.RESPONSE, GrpcHeaders.TRAILERS};
    String[] names = {"request", "response headers", "trailers"};
    // Requests go through the client's context; response headers and trailers share the server's.
    HpackEncoder[] proxima = {new HpackEncoder(), new HpackEncoder(), null};
    proxima[2] = proxima[1];
    DefaultHttp2HeadersEncoder[] netty = {NettyHpackBenchmark.newEncoder(),
        NettyHpackBenchmark.newEncoder(), null};
    netty[2] = netty[1];
    long[][] sizes = new long[2][sets.length * 2];
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < sets.length; i++) {
        OutboundBuffer out = new OutboundBuffer();
        proxima[i].encode(GrpcHeaders.fields(sets[i]), out);
        sizes[0][round * sets.length + i] = out.readableBytes();
        sizes[1][round * sets.length + i] =
            NettyHpackBenchmark.encode(netty[i], NettyHpackBenchmark.headers(sets[i])).readableBytes();
      }
    }
    System.out.println("block               first (proxima/netty)  steady (proxima/netty)");
    for (int i = 0; i < sets.length; i++) {
      System.out.printf("%-18s  %5d / %-5d           %5d / %-5d%n", names[i],
          sizes[0][i], sizes[1][i], sizes[0][sets.length + i], sizes[1][sets.length + i]);
    }
  }
}
