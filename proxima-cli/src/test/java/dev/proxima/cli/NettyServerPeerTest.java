package dev.proxima.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proxima.internal.http2.Http2Client;
import dev.proxima.internal.http2.Http2Config;
import dev.proxima.internal.http2.Http2Connection;
import dev.proxima.internal.io.EventLoopGroup;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
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
 * Our client against Netty's HTTP/2 codec as the server (prior-knowledge h2c): a GET is answered
 * with a short text, anything else with 200 and its own body echoed, END_STREAM at its end.
 */
@Timeout(30)
final class NettyServerPeerTest {
  static final String GET_TEXT = "netty echo server\n";

  private final EventLoopGroup group = new EventLoopGroup(1, "netty-server-peer-loop", true);
  private final io.netty.channel.EventLoopGroup netty = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private Channel listener;
  private Http2Connection client;
  private String authority;

  @BeforeEach
  void setUp() throws Exception {
    listener = new ServerBootstrap()
        .group(netty)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(),
                new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                  @Override
                  protected void initChannel(Http2StreamChannel stream) {
                    stream.pipeline().addLast(new NettyEcho());
                  }
                }));
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0))
        .sync()
        .channel();
    InetSocketAddress address = (InetSocketAddress) listener.localAddress();
    authority = "127.0.0.1:" + address.getPort();
    client = Http2Client.connect(group.next(), address, Http2Config.defaults()).get(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      client.close();
    }
    if (listener != null) {
      listener.close().await(2, TimeUnit.SECONDS);
    }
    netty.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    group.close();
  }

  @Test
  void getIsAnsweredWithNettysText() throws Exception {
    Exchange.Response r = Exchange.send(client, authority, "GET", "/", null).get(5, TimeUnit.SECONDS);
    assertEquals(200, r.status());
    assertEquals(GET_TEXT, new String(r.body(), StandardCharsets.UTF_8));
  }

  @Test
  void postOfFourMebibytesIsEchoedIntactThroughFlowControlBothWays() throws Exception {
    byte[] body = new byte[4 << 20];
    new Random(13).nextBytes(body);
    Exchange.Response r = Exchange.send(client, authority, "POST", "/echo", body).get(20, TimeUnit.SECONDS);
    assertEquals(200, r.status());
    assertEquals(body.length, r.body().length, "echoed length");
    assertArrayEquals(body, r.body(), "echoed bytes");
  }

  @Test
  void oneHundredConcurrentStreamsOnOneConnectionAreAllAnswered() throws Exception {
    List<CompletableFuture<Exchange.Response>> responses = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      responses.add(Exchange.send(client, authority, "POST", "/echo",
          ("proxima request " + i).getBytes(StandardCharsets.UTF_8)));
    }
    for (int i = 0; i < 100; i++) {
      Exchange.Response r = responses.get(i).get(10, TimeUnit.SECONDS);
      assertEquals(200, r.status(), "status of stream " + i);
      assertEquals("proxima request " + i, new String(r.body(), StandardCharsets.UTF_8));
    }
  }

  /** One stream of Netty's echo server. */
  private static final class NettyEcho extends ChannelInboundHandlerAdapter {
    private boolean responded;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Http2HeadersFrame h) {
        if (!responded) {
          responded = true;
          boolean get = "GET".contentEquals(h.headers().method());
          ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200"), h.isEndStream() && !get));
          if (get) {
            ctx.write(new DefaultHttp2DataFrame(Unpooled.copiedBuffer(GET_TEXT, StandardCharsets.UTF_8), true));
          }
        } else if (h.isEndStream()) { // request trailers end the body
          ctx.write(new DefaultHttp2DataFrame(true));
        }
        ReferenceCountUtil.release(msg);
      } else if (msg instanceof Http2DataFrame d) {
        ctx.write(new DefaultHttp2DataFrame(d.content(), d.isEndStream())); // hands the buffer on
      } else {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }
  }
}
