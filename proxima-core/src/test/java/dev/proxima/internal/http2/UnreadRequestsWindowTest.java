package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proxima.HandlerExecution;
import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;
import dev.proxima.RawBytesMethods;
import dev.proxima.ServerCall;
import dev.proxima.ServiceDefinition;
import dev.proxima.Status;
import dev.proxima.internal.call.ServerImpl;
import dev.proxima.internal.hpack.HeaderField;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server call that ends before reading its request stream to the end gives the unread bytes back
 * to the connection's receive window (RFC 9113 §6.9): else every such call shrinks the window
 * every call on the connection shares. Our server against a raw client.
 */
@Timeout(20)
class UnreadRequestsWindowTest {
  private static final MethodDescriptor<byte[], byte[]> UPLOAD =
      RawBytesMethods.method("test.Svc/Upload", MethodDescriptor.Type.CLIENT_STREAMING, "");
  private ServerImpl server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.shutdownNow();
    }
  }

  @Test
  void aCallThatAnswersAfterItsFirstMessageCreditsTheConnectionWindowForTheRest() throws Exception {
    ServiceDefinition service = ServiceDefinition.builder("test.Svc")
        .addMethod(UPLOAD, (ServerCall<byte[], byte[]> call, Metadata headers) -> {
          call.request(1);
          return new ServerCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
              call.close(Status.OK, new Metadata()); // enough read: the rest stays unread
            }
          };
        }).build();
    server = new ServerImpl(new InetSocketAddress("127.0.0.1", 0), List.of(service), List.of(),
        HandlerExecution.eventLoop(), Http2Config.builder().connectionWindow(65_535).initialStreamWindow(65_535)
            .windowAutoTuning(false).build(), 1 << 20, false, 1);
    server.start();
    try (RawPeer client = new RawPeer(new InetSocketAddress("127.0.0.1", server.port())).handshake()) {
      client.headers(1, List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"),
          new HeaderField(":path", "/test.Svc/Upload"), new HeaderField(":authority", "localhost"),
          new HeaderField("content-type", "application/grpc"), new HeaderField("te", "trailers")), false);
      // A one-byte message, then a 40,000-byte one starting in the same DATA frame.
      ByteBuffer wire = ByteBuffer.allocate(6 + 5 + 40_000);
      wire.put((byte) 0).putInt(1).put((byte) 7).put((byte) 0).putInt(40_000);
      byte[] bytes = wire.array();
      for (int at = 0; at < bytes.length; at += 16_384) {
        client.data(1, Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 16_384)),
            at + 16_384 >= bytes.length);
      }
      client.expect(e -> e.type() == FrameType.HEADERS && e.streamId() == 1 && e.flag(), "the trailers");
      // Our window announces what was consumed once it reaches half the window (32,767): the first
      // two frames are. Without the unread bytes of the first frame given back, nothing would be.
      RawPeer.Event update = client.expect(e -> e.type() == FrameType.WINDOW_UPDATE && e.streamId() == 0,
          "WINDOW_UPDATE on the connection for the unread bytes");
      assertEquals(2 * 16_384, (int) (Integer) update.detail());
    }
  }
}
