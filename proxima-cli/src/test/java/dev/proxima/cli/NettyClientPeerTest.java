package dev.proxima.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proxima.internal.http2.Http2Config;
import dev.proxima.internal.http2.Http2Server;
import dev.proxima.internal.io.EventLoopGroup;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our echo server against Netty's HTTP/2 codec as the client (prior-knowledge h2c, one child
 * channel per stream): an independent implementation of framing, HPACK and flow control.
 */
@Timeout(30)
final class NettyClientPeerTest {
  private final EventLoopGroup group = new EventLoopGroup(2, "netty-client-peer-loop", true);
  private final io.netty.channel.EventLoopGroup netty = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private Http2Server server;
  private Channel connection;
  private String authority;

  /** A response as Netty's client received it. */
  record Response(int status, byte[] body) {}

  @BeforeEach
  void setUp() throws Exception {
    server = Http2Server.start(group, new InetSocketAddress("127.0.0.1", 0), Http2Config.defaults(), new EchoService());
    authority = "127.0.0.1:" + server.port();
    connection = new Bootstrap()
        .group(netty)
        .channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
          }
        })
        .connect(server.localAddress())
        .sync()
        .channel();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (connection != null) {
      connection.close().await(2, TimeUnit.SECONDS);
    }
    netty.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    if (server != null) {
      server.close();
    }
    group.close();
  }

  @Test
  void getIsAnsweredWithTheServersText() throws Exception {
    Response r = send("GET", "/", null).get(5, TimeUnit.SECONDS);
    assertEquals(200, r.status());
    assertEquals(EchoService.GET_TEXT, new String(r.body(), StandardCharsets.UTF_8));
  }

  @Test
  void postOfFourMebibytesIsEchoedIntactThroughFlowControlBothWays() throws Exception {
    byte[] body = new byte[4 << 20];
    new Random(11).nextBytes(body);
    Response r = send("POST", "/echo", body).get(20, TimeUnit.SECONDS);
    assertEquals(200, r.status());
    assertEquals(body.length, r.body().length, "echoed length");
    assertArrayEquals(body, r.body(), "echoed bytes");
  }

  @Test
  void oneHundredConcurrentStreamsOnOneConnectionAreAllAnswered() throws Exception {
    List<CompletableFuture<Response>> responses = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      responses.add(send("POST", "/echo", ("netty request " + i).getBytes(StandardCharsets.UTF_8)));
    }
    for (int i = 0; i < 100; i++) {
      Response r = responses.get(i).get(10, TimeUnit.SECONDS);
      assertEquals(200, r.status(), "status of stream " + i);
      assertEquals("netty request " + i, new String(r.body(), StandardCharsets.UTF_8));
    }
  }

  /** Opens a stream on Netty's connection and sends one request; {@code body} null sends none. */
  private CompletableFuture<Response> send(String method, String path, byte[] body) {
    Collector collector = new Collector();
    new Http2StreamChannelBootstrap(connection).handler(collector).open().addListener(f -> {
      if (!f.isSuccess()) {
        collector.result.completeExceptionally(f.cause());
        return;
      }
      Http2StreamChannel stream = (Http2StreamChannel) f.getNow();
      Http2Headers headers = new DefaultHttp2Headers()
          .method(method).scheme("http").authority(authority).path(path);
      stream.write(new DefaultHttp2HeadersFrame(headers, body == null));
      if (body != null) {
        stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true));
      }
      stream.flush();
    });
    return collector.result;
  }

  /** Collects one stream's response: status, body, and its end. */
  private static final class Collector extends ChannelInboundHandlerAdapter {
    final CompletableFuture<Response> result = new CompletableFuture<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        boolean end = false;
        if (msg instanceof Http2HeadersFrame h) {
          if (h.headers().status() != null) {
            status = Integer.parseInt(h.headers().status().toString());
          }
          end = h.isEndStream();
        } else if (msg instanceof Http2DataFrame d) {
          byte[] chunk = new byte[d.content().readableBytes()];
          d.content().readBytes(chunk);
          body.writeBytes(chunk);
          end = d.isEndStream();
        } else if (msg instanceof Http2ResetFrame rst) {
          result.completeExceptionally(new IllegalStateException("stream reset: " + rst.errorCode()));
        }
        if (end) {
          result.complete(new Response(status, body.toByteArray()));
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      result.completeExceptionally(new IllegalStateException("stream closed before END_STREAM"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      result.completeExceptionally(cause);
    }
  }
}
