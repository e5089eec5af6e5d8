package dev.proxima.cli;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.http2.ErrorCode;
import dev.proxima.internal.http2.Http2Stream;
import dev.proxima.internal.http2.Http2StreamListener;
import dev.proxima.internal.http2.StreamAcceptor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The echo server's streams: a GET is answered with a short text, any other request with status
 * 200 and its own body, streamed back as it arrives.
 *
 * <p>The echo respects flow control end to end: received bytes are given back to the client's
 * window only while the reply can be sent, so a client that sends but does not read is slowed
 * down instead of filling the server's memory.
 */
final class EchoService implements StreamAcceptor {
  static final String GET_TEXT = "proxima echo server: POST a body and it comes back\n";

  @Override
  public Http2StreamListener accept(Http2Stream stream) {
    stream.setAutoConsume(false);
    return new Echo();
  }

  private static final class Echo implements Http2StreamListener {
    private boolean responded;
    private int unconsumed;

    @Override
    public void onHeaders(Http2Stream stream, List<HeaderField> headers, boolean endStream) {
      if (responded) {
        if (endStream) { // request trailers end the body
          stream.sendData(ByteBuffer.allocate(0), true);
        }
        return;
      }
      responded = true;
      String method = value(headers, ":method");
      String contentType = value(headers, "content-type");
      if ("GET".equals(method) || "HEAD".equals(method)) {
        byte[] text = GET_TEXT.getBytes(StandardCharsets.UTF_8);
        stream.sendHeaders(List.of(
            new HeaderField(":status", "200"),
            new HeaderField("content-type", "text/plain; charset=utf-8"),
            new HeaderField("content-length", Integer.toString(text.length))), false);
        stream.sendData(ByteBuffer.wrap("HEAD".equals(method) ? new byte[0] : text), true);
        if (!endStream) {
          stream.reset(ErrorCode.NO_ERROR); // answered in full; the rest of the request is not needed
        }
        return;
      }
      stream.sendHeaders(List.of(
          new HeaderField(":status", "200"),
          new HeaderField("content-type", contentType != null ? contentType : "application/octet-stream")),
          endStream);
    }

    @Override
    public void onData(Http2Stream stream, ByteBuffer data, boolean endStream) {
      int n = data.remaining();
      ByteBuffer copy = ByteBuffer.allocate(n).put(data).flip();
      stream.sendData(copy, endStream);
      unconsumed += n;
      giveBackIfReady(stream);
    }

    @Override
    public void onReady(Http2Stream stream) {
      giveBackIfReady(stream);
    }

    private void giveBackIfReady(Http2Stream stream) {
      if (unconsumed > 0 && stream.isReady()) {
        stream.consumed(unconsumed);
        unconsumed = 0;
      }
    }

    private static String value(List<HeaderField> headers, String name) {
      for (HeaderField f : headers) {
        if (f.name().equals(name)) {
          return f.value();
        }
      }
      return null;
    }
  }
}
