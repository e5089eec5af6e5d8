package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proxima.CallOptions;
import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;
import dev.proxima.RawBytesMethods;
import dev.proxima.Status;
import dev.proxima.internal.grpc.Http2ClientTransport;
import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.io.EventLoopGroup;
import dev.proxima.internal.transport.ClientStream;
import dev.proxima.internal.transport.ClientStreamListener;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A gRPC call that ends with response messages it never read gives their bytes back to the
 * connection's receive window (RFC 9113 §6.9): no one will consume them, and a window that is
 * never credited stalls every call on the connection. Our client against a scripted server.
 */
@Timeout(20)
class UnreadMessagesWindowTest {
  private static final MethodDescriptor<byte[], byte[]> METHOD =
      RawBytesMethods.method("test.Svc/Stream", MethodDescriptor.Type.SERVER_STREAMING, "");
  /** Message bytes on the wire, over half the connection window so that their return is announced. */
  private static final int WIRE_BYTES = 40_000;

  private final EventLoopGroup group = new EventLoopGroup(1, "unread-loop", true);
  private ScriptedServer connected;

  @AfterEach
  void tearDown() throws Exception {
    if (connected != null) {
      connected.close();
    }
    group.close();
  }

  private void awaitNoActiveStream() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      CompletableFuture<Integer> active = new CompletableFuture<>();
      connected.client.loop().execute(() -> active.complete(connected.client.activeStreams()));
      if (active.get(5, TimeUnit.SECONDS) == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the stream did not close after its trailers");
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void aCallCancelledAfterItsTrailersWithMessagesUnreadCreditsTheConnectionWindow() throws Exception {
    connected = ScriptedServer.connect(group.next(), Http2Config.builder().connectionWindow(65_535)
        .initialStreamWindow(65_535).windowAutoTuning(false).build(), new Http2Settings());
    RawPeer server = connected.peer;
    Http2ClientTransport transport = new Http2ClientTransport(connected.client, "localhost", 1 << 20);
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientStream call = transport.newStream(METHOD, new Metadata(), CallOptions.DEFAULT, -1,
        new ClientStreamListener() {
          @Override
          public void onHeaders(Metadata headers) {}

          @Override
          public void onMessage(InputStream message) {}

          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
          }

          @Override
          public void onReady() {}
        }); // and it never asks for a message
    call.writeMessage(ByteBuffer.wrap(new byte[] {1}), false);
    call.halfClose(); // so the trailers close the stream both ways: no RST_STREAM will credit it

    server.expect(e -> e.type() == FrameType.DATA && e.streamId() == 1 && e.flag(), "the request's end");
    server.headers(1, List.of(new HeaderField(":status", "200"),
        new HeaderField("content-type", "application/grpc")), false);
    ByteBuffer message = ByteBuffer.allocate(WIRE_BYTES);
    message.put((byte) 0).putInt(WIRE_BYTES - 5);
    byte[] wire = message.array();
    for (int at = 0; at < wire.length; at += 16_384) {
      server.data(1, java.util.Arrays.copyOfRange(wire, at, Math.min(wire.length, at + 16_384)), false);
    }
    server.headers(1, List.of(new HeaderField("grpc-status", "0")), true);
    awaitNoActiveStream(); // the trailers arrived: the stream is closed both ways, all data received

    call.cancel(Status.CANCELLED.withDescription("the caller lost interest"));
    assertEquals(Status.Code.CANCELLED, closed.get(5, TimeUnit.SECONDS).code());
    RawPeer.Event update = server.expect(e -> e.type() == FrameType.WINDOW_UPDATE && e.streamId() == 0,
        "WINDOW_UPDATE on the connection for the unread message");
    assertEquals(WIRE_BYTES, (int) (Integer) update.detail());
  }
}
