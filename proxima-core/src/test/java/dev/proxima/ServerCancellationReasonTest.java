package dev.proxima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.http2.ErrorCode;
import dev.proxima.internal.http2.Http2Client;
import dev.proxima.internal.http2.Http2Config;
import dev.proxima.internal.http2.Http2Connection;
import dev.proxima.internal.http2.Http2Stream;
import dev.proxima.internal.http2.Http2StreamListener;
import dev.proxima.internal.io.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a server handler is told when its call's stream ends abnormally: the status says which side
 * ended the stream and the rule that broke, not only the HTTP/2 error code.
 */
@Timeout(20)
class ServerCancellationReasonTest {
  private static final MethodDescriptor<String, String> WAIT =
      TestCalls.method("test.Wait/Forever", MethodDescriptor.Type.BIDI_STREAMING);

  private final EventLoopGroup group = new EventLoopGroup(1, "test-loop", true);
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final CompletableFuture<Throwable> cancellation = new CompletableFuture<>();
  private Server server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.shutdownNow();
    }
    group.close();
  }

  /** A client stream whose call a server handler has started; the handler waits to be cancelled. */
  private Http2Stream openCall() throws Exception {
    ServiceDefinition service = ServiceDefinition.builder("test.Wait").addMethod(WAIT, (call, headers) -> {
      Context.current().addListener(ctx -> cancellation.complete(ctx.cancellationCause()), Runnable::run);
      call.request(1);
      started.complete(null);
      return new ServerCall.Listener<>() {};
    }).build();
    server = ServerBuilder.forPort(0).addService(service).build().start();
    Http2Connection client = Http2Client.connect(group.next(),
        new InetSocketAddress("127.0.0.1", server.port()), Http2Config.defaults()).get(5, TimeUnit.SECONDS);
    CompletableFuture<Http2Stream> stream = new CompletableFuture<>();
    client.loop().execute(() -> {
      Http2Stream s = client.newStream(new Http2StreamListener() {});
      s.sendHeaders(List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"),
          new HeaderField(":authority", "localhost"), new HeaderField(":path", "/test.Wait/Forever"),
          new HeaderField("te", "trailers"), new HeaderField("content-type", "application/grpc")), false);
      stream.complete(s);
    });
    Http2Stream s = stream.get(5, TimeUnit.SECONDS);
    started.get(5, TimeUnit.SECONDS); // the call is open when what ends it comes
    return s;
  }

  private Status cancellationStatus() throws Exception {
    Throwable cause = cancellation.get(5, TimeUnit.SECONDS);
    return assertInstanceOf(StatusException.class, cause).status();
  }

  @Test
  void trailersWithAPseudoHeaderEndTheCallWithTheRuleOurServerEnforced() throws Exception {
    Http2Stream s = openCall();
    s.connection().loop().execute(() -> s.sendHeaders(List.of(new HeaderField(":path", "/again")), true));
    Status status = cancellationStatus();
    assertEquals(Status.Code.INTERNAL, status.code());
    assertTrue(status.description().contains("pseudo-header"), status.description());
    assertFalse(status.description().contains("reset by the peer"), status.description());
  }

  @Test
  void aResetFromTheClientSaysThePeerResetTheStreamAndWithWhichCode() throws Exception {
    Http2Stream s = openCall();
    s.connection().loop().execute(() -> s.reset(ErrorCode.INTERNAL_ERROR));
    Status status = cancellationStatus();
    assertEquals(Status.Code.INTERNAL, status.code());
    assertTrue(status.description().contains("the peer reset stream"), status.description());
    assertTrue(status.description().contains("INTERNAL_ERROR"), status.description());
  }
}
