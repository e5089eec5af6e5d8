package dev.proxima.cli;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.http2.ErrorCode;
import dev.proxima.internal.http2.Http2Connection;
import dev.proxima.internal.http2.Http2Stream;
import dev.proxima.internal.http2.Http2StreamListener;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One request/response over an {@link Http2Connection}, collected whole: what the demo sends. */
final class Exchange implements Http2StreamListener {
  /** A complete response. */
  record Response(int status, List<HeaderField> headers, byte[] body) {}

  private final CompletableFuture<Response> result = new CompletableFuture<>();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final List<HeaderField> headers = new ArrayList<>();
  private int status;

  private Exchange() {}

  /** Sends {@code method path} with {@code requestBody} (null: none); any thread. */
  static CompletableFuture<Response> send(Http2Connection connection, String authority, String method,
      String path, byte[] requestBody) {
    Exchange exchange = new Exchange();
    connection.loop().execute(() -> {
      Http2Stream stream = connection.newStream(exchange);
      boolean noBody = requestBody == null;
      stream.sendHeaders(List.of(
          new HeaderField(":method", method),
          new HeaderField(":scheme", "http"),
          new HeaderField(":authority", authority),
          new HeaderField(":path", path),
          new HeaderField("content-type", "application/octet-stream")), noBody);
      if (!noBody) {
        stream.sendData(ByteBuffer.wrap(requestBody), true);
      }
    });
    return exchange.result;
  }

  @Override
  public void onHeaders(Http2Stream stream, List<HeaderField> fields, boolean endStream) {
    for (HeaderField f : fields) {
      if (f.name().equals(":status")) {
        status = Integer.parseInt(f.value());
      }
    }
    headers.addAll(fields);
    complete(endStream);
  }

  @Override
  public void onData(Http2Stream stream, ByteBuffer data, boolean endStream) {
    byte[] chunk = new byte[data.remaining()];
    data.get(chunk);
    body.writeBytes(chunk);
    complete(endStream);
  }

  @Override
  public void onReset(Http2Stream stream, ErrorCode code) {
    result.completeExceptionally(new IllegalStateException("stream " + stream.id() + " reset: " + code));
  }

  private void complete(boolean endStream) {
    if (endStream) {
      result.complete(new Response(status, List.copyOf(headers), body.toByteArray()));
    }
  }
}
