package dev.proxima.internal.hpack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proxima.internal.io.OutboundBuffer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cross-checks against an independent implementation (Netty, test scope only). */
class NettyInteropTest {
  @Test
  void nettyDecodesOurBlocksAndWeDecodeNettys() throws Exception {
    Random random = new Random(9113);
    HpackEncoder ours = new HpackEncoder();
    DefaultHttp2HeadersDecoder theirDecoder = new DefaultHttp2HeadersDecoder(false, Long.MAX_VALUE);
    DefaultHttp2HeadersEncoder theirEncoder =
        new DefaultHttp2HeadersEncoder(Http2HeadersEncoder.NEVER_SENSITIVE);
    HpackDecoder ourDecoder = new HpackDecoder(4096, Long.MAX_VALUE);
    for (int block = 0; block < 300; block++) {
      List<HeaderField> list = randomList(random);

      OutboundBuffer out = new OutboundBuffer();
      ours.encode(list, out);
      Http2Headers decodedByNetty =
          theirDecoder.decodeHeaders(1, Unpooled.wrappedBuffer(out.toByteArray()));
      assertEquals(strings(list), strings(decodedByNetty));

      Http2Headers headers = new DefaultHttp2Headers(false);
      for (HeaderField f : list) {
        headers.add(f.name(), f.value());
      }
      ByteBuf buf = Unpooled.buffer();
      theirEncoder.encodeHeaders(1, headers, buf);
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      assertEquals(strings(list), strings(ourDecoder.decode(ByteBuffer.wrap(bytes))));
    }
  }

  private static List<HeaderField> randomList(Random random) {
    String[] names = {"content-type", "user-agent", "grpc-timeout", "x-a", "x-b", "cookie", "etag"};
    List<HeaderField> list = new ArrayList<>();
    for (int i = random.nextInt(10); i >= 0; i--) {
      String value =
          random.nextBoolean() ? "v" + random.nextInt(4) : Long.toString(random.nextLong(), 36);
      list.add(new HeaderField(names[random.nextInt(names.length)], value));
    }
    return list;
  }

  private static List<String> strings(List<HeaderField> list) {
    List<String> out = new ArrayList<>();
    for (HeaderField f : list) {
      out.add(f.name() + ": " + f.value());
    }
    return out;
  }

  private static List<String> strings(Http2Headers headers) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<CharSequence, CharSequence> e : headers) {
      out.add(e.getKey() + ": " + e.getValue());
    }
    return out;
  }
}
