package dev.proxima;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.http2.Http2Config;
import dev.proxima.internal.http2.Http2Server;
import dev.proxima.internal.http2.Http2Stream;
import dev.proxima.internal.http2.Http2StreamListener;
import dev.proxima.internal.io.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-call compression and the per-message opt-out, seen on the wire: a bare HTTP/2 server records
 * the compressed-flag byte of every gRPC message prefix and the {@code grpc-encoding} it was told.
 */
@Timeout(20)
class MessageCompressionTest {
  private final EventLoopGroup group = new EventLoopGroup(1, "test-loop", true);
  private final LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
  private Http2Server wire;
  private ManagedChannel channel;

  @AfterEach
  void tearDown() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (wire != null) {
      wire.close();
    }
    group.close();
  }

  /** Records "encoding=..." then one "flag=N" per message, and answers OK with no message. */
  private void startWire() throws Exception {
    wire = Http2Server.start(group, new InetSocketAddress("127.0.0.1", 0), Http2Config.defaults(),
        stream -> new Http2StreamListener() {
          @Override
          public void onHeaders(Http2Stream s, List<HeaderField> headers, boolean endStream) {
            seen.add("encoding=" + headers.stream().filter(f -> f.name().equals("grpc-encoding"))
                .map(HeaderField::value).findFirst().orElse("none"));
          }

          @Override
          public void onData(Http2Stream s, ByteBuffer data, boolean endStream) {
            // Each test message fits one DATA frame: its first byte is the compressed flag.
            if (data.hasRemaining()) {
              seen.add("flag=" + data.get(data.position()));
            }
            if (endStream) {
              s.sendHeaders(List.of(new HeaderField(":status", "200"),
                  new HeaderField("content-type", "application/grpc"), new HeaderField("grpc-status", "0")), true);
            }
          }
        });
    channel = ChannelBuilder.forAddress("127.0.0.1", wire.port()).build();
  }

  private String next() throws InterruptedException {
    return seen.poll(5, TimeUnit.SECONDS);
  }

  @Test
  void callCompressionCompressesEveryMessageUntilTurnedOffPerMessage() throws Exception {
    startWire();
    ClientCall<String, String> call = channel.newCall(GrpcCallsTest.ECHO, CallOptions.DEFAULT.withCompression("gzip"));
    TestCalls.Result r = TestCalls.start(call, new Metadata());
    call.sendMessage("first");
    assertEquals("encoding=gzip", next());
    assertEquals("flag=1", next(), "compressed: the call asked for gzip");
    call.setMessageCompression(false);
    call.sendMessage("second");
    assertEquals("flag=0", next(), "the per-message opt-out sends it plain");
    call.setMessageCompression(true);
    call.sendMessage("third");
    assertEquals("flag=1", next());
    call.halfClose();
    assertEquals(Status.Code.OK, r.await().code());
  }

  @Test
  void withoutCallCompressionNothingIsCompressed() throws Exception {
    startWire();
    TestCalls.Result r = TestCalls.unary(channel, GrpcCallsTest.ECHO, "plain");
    assertEquals("encoding=none", next());
    assertEquals("flag=0", next());
    assertEquals(Status.Code.OK, r.await().code());
  }
}
