package dev.proxima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.http2.Http2Client;
import dev.proxima.internal.http2.Http2Config;
import dev.proxima.internal.http2.Http2Connection;
import dev.proxima.internal.http2.Http2Server;
import dev.proxima.internal.http2.Http2Stream;
import dev.proxima.internal.http2.Http2StreamListener;
import dev.proxima.internal.io.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What our server answers to requests that break the gRPC protocol, and what our client makes of
 * answers from servers that do not speak gRPC — sent and read at the HTTP/2 level.
 */
@Timeout(20)
class ProtocolErrorsTest {
  private final EventLoopGroup group = new EventLoopGroup(1, "test-loop", true);
  private Server server;
  private Http2Connection client;

  /** Every header block the server sent, in order. */
  record Answer(List<List<HeaderField>> blocks) {
    String first(String name) {
      for (List<HeaderField> block : blocks) {
        for (HeaderField f : block) {
          if (f.name().equals(name)) {
            return f.value();
          }
        }
      }
      return null;
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    server = ServerBuilder.forPort(0).addService(GrpcCallsTest.echoService()).build().start();
    client = Http2Client.connect(group.next(), new InetSocketAddress("127.0.0.1", server.port()), Http2Config.defaults())
        .get(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() {
    server.shutdownNow();
    group.close();
  }

  private Answer send(List<HeaderField> headers, byte[] body) throws Exception {
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    List<List<HeaderField>> blocks = new ArrayList<>();
    client.loop().execute(() -> {
      Http2Stream s = client.newStream(new Http2StreamListener() {
        @Override
        public void onHeaders(Http2Stream stream, List<HeaderField> h, boolean endStream) {
          blocks.add(h);
          if (endStream) {
            answer.complete(new Answer(blocks));
          }
        }

        @Override
        public void onData(Http2Stream stream, ByteBuffer data, boolean endStream) {
          if (endStream) {
            answer.complete(new Answer(blocks));
          }
        }
      });
      s.sendHeaders(headers, false);
      s.sendData(ByteBuffer.wrap(body), true);
    });
    return answer.get(5, TimeUnit.SECONDS);
  }

  private static List<HeaderField> request(String method, String contentType, HeaderField... extra) {
    List<HeaderField> h = new ArrayList<>(List.of(new HeaderField(":method", method), new HeaderField(":scheme", "http"),
        new HeaderField(":authority", "localhost"), new HeaderField(":path", "/test.Echo/Unary"),
        new HeaderField("te", "trailers"), new HeaderField("content-type", contentType)));
    h.addAll(List.of(extra));
    return h;
  }

  /** One uncompressed gRPC message holding "hi". */
  private static final byte[] MESSAGE = {0, 0, 0, 0, 2, 'h', 'i'};

  @Test
  void wrongContentTypeIsHttp415() throws Exception {
    Answer a = send(request("POST", "text/plain"), MESSAGE);
    assertEquals("415", a.first(":status"));
  }

  @Test
  void getIsHttp405() throws Exception {
    Answer a = send(request("GET", "application/grpc"), new byte[0]);
    assertEquals("405", a.first(":status"));
  }

  @Test
  void malformedTimeoutIsAClearError() throws Exception {
    Answer a = send(request("POST", "application/grpc", new HeaderField("grpc-timeout", "soon")), MESSAGE);
    assertEquals("200", a.first(":status"));
    assertEquals(Integer.toString(Status.Code.INTERNAL.value()), a.first("grpc-status"));
    assertTrue(a.first("grpc-message").contains("grpc-timeout"), a.first("grpc-message"));
  }

  @Test
  void unsupportedEncodingIsUnimplemented() throws Exception {
    Answer a = send(request("POST", "application/grpc", new HeaderField("grpc-encoding", "snappy")),
        new byte[] {1, 0, 0, 0, 2, 'h', 'i'});
    assertEquals(Integer.toString(Status.Code.UNIMPLEMENTED.value()), a.first("grpc-status"));
    assertTrue(a.first("grpc-message").contains("snappy"));
  }

  @Test
  void compressedFlagWithoutEncodingIsInternal() throws Exception {
    Answer a = send(request("POST", "application/grpc"), new byte[] {1, 0, 0, 0, 2, 'h', 'i'});
    assertEquals(Integer.toString(Status.Code.INTERNAL.value()), a.first("grpc-status"));
  }

  @Test
  void grpcJsonContentTypeIsAccepted() throws Exception {
    Answer a = send(request("POST", "application/grpc+json"), MESSAGE);
    assertEquals("0", a.first("grpc-status"));
    assertEquals("application/grpc+json", a.first("content-type"), "the response keeps the request's subtype");
  }

  @Test
  void clientMapsHttpStatusOfANonGrpcServer() throws Exception {
    try (Http2Server plain = Http2Server.start(group, new InetSocketAddress("127.0.0.1", 0), Http2Config.defaults(),
        stream -> new Http2StreamListener() {
          @Override
          public void onHeaders(Http2Stream s, List<HeaderField> headers, boolean endStream) {
            String path = headers.stream().filter(f -> f.name().equals(":path")).findFirst().orElseThrow().value();
            s.sendHeaders(List.of(new HeaderField(":status", path.contains("Missing") ? "404" : "503"),
                new HeaderField("content-type", "text/html")), false);
            s.sendData(ByteBuffer.wrap("<html>nope</html>".getBytes()), true);
          }
        })) {
      ManagedChannel channel = ChannelBuilder.forAddress("127.0.0.1", plain.port()).build();
      try {
        assertEquals(Status.Code.UNAVAILABLE, TestCalls.unary(channel, GrpcCallsTest.ECHO, "x").await().code());
        Status missing = TestCalls.unary(channel, GrpcCallsTest.MISSING, "x").await();
        assertEquals(Status.Code.UNIMPLEMENTED, missing.code());
        assertTrue(missing.description().contains("404"), missing.toString());
      } finally {
        channel.shutdownNow();
      }
    }
  }
}
