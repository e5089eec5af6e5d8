package dev.proxima.internal.grpc;

import dev.proxima.Metadata;
import dev.proxima.Status;
import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.http2.ErrorCode;
import dev.proxima.internal.http2.Http2Stream;
import dev.proxima.internal.http2.Http2StreamListener;
import dev.proxima.internal.io.EventLoop;
import dev.proxima.internal.transport.ServerStream;
import dev.proxima.internal.transport.ServerStreamListener;
import dev.proxima.internal.transport.ServerTransportListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A gRPC call's server side on one HTTP/2 stream: checks the request headers (method, content
 * type, timeout, encoding), deframes request messages on demand, and writes headers, messages and
 * the status — as Trailers-Only when nothing was sent before it.
 *
 * <p>Threading: {@link ServerStream} methods may be called from any thread; they hop to the
 * connection's event loop (or run at once when already on it). Listener methods run on the loop.
 */
final class GrpcServerStream implements ServerStream, Http2StreamListener, MessageDeframer.Listener {
  private final Http2Stream stream;
  private final EventLoop loop;
  private final ServerTransportListener transportListener;
  private final MessageDeframer deframer;
  private final LoopHandoff handoff;

  private ServerStreamListener listener;
  private String contentType = GrpcHeaders.APPLICATION_GRPC;
  private String acceptEncoding;
  private String authority;
  private Compressor compressor;
  private boolean headersSent;
  private boolean closed;
  private boolean inputEnded;
  private boolean halfCloseDelivered;

  GrpcServerStream(Http2Stream stream, ServerTransportListener transportListener, int maxInboundMessageSize) {
    this.stream = stream;
    this.loop = stream.loop();
    this.transportListener = transportListener;
    this.deframer = new MessageDeframer(maxInboundMessageSize, this);
    this.handoff = new LoopHandoff(loop, stream.connection().config().streamReadyThreshold(), true);
    stream.setAutoConsume(false);
  }

  // ---------------------------------------------------------------- request (loop)

  @Override
  public void onHeaders(Http2Stream s, List<HeaderField> fields, boolean endStream) {
    if (listener != null || closed) {
      if (endStream) { // request trailers: the client is done
        endOfInput();
      }
      return;
    }
    String method = GrpcClientStream.value(fields, ":method");
    if (!"POST".equals(method)) {
      httpError(405, "gRPC requires POST, got " + method);
      return;
    }
    String ct = GrpcClientStream.value(fields, GrpcHeaders.CONTENT_TYPE);
    if (!GrpcHeaders.isGrpcContentType(ct)) {
      httpError(415, "Content-Type '" + ct + "' is not gRPC (expected application/grpc)");
      return;
    }
    contentType = ct;
    authority = GrpcClientStream.value(fields, ":authority");
    acceptEncoding = GrpcClientStream.value(fields, GrpcHeaders.GRPC_ACCEPT_ENCODING);
    String path = GrpcClientStream.value(fields, ":path");
    long timeoutNanos = -1;
    String timeout = GrpcClientStream.value(fields, GrpcHeaders.GRPC_TIMEOUT);
    if (timeout != null) {
      try {
        timeoutNanos = GrpcTimeout.decode(timeout);
      } catch (IllegalArgumentException e) {
        closeOnLoop(Status.INTERNAL.withDescription(e.getMessage()), new Metadata());
        return;
      }
    }
    String encoding = GrpcClientStream.value(fields, GrpcHeaders.GRPC_ENCODING);
    if (encoding != null && !encoding.equals(Compressors.IDENTITY.encoding())) {
      Compressor c = Compressors.forEncoding(encoding);
      if (c == null) {
        closeOnLoop(Status.UNIMPLEMENTED.withDescription("grpc-encoding '" + encoding
            + "' is not supported; supported: identity," + Compressors.acceptEncoding()), new Metadata());
        return;
      }
      deframer.setDecompressor(c);
    }
    listener = transportListener.streamCreated(this, String.valueOf(path), MetadataCodec.toMetadata(fields),
        timeoutNanos);
    if (endStream) {
      endOfInput();
    }
  }

  /** Answers a request that is not gRPC at all with a plain HTTP status (gRPC PROTOCOL-HTTP2). */
  private void httpError(int httpStatus, String message) {
    closed = true;
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    stream.sendHeaders(List.of(new HeaderField(":status", Integer.toString(httpStatus)),
        new HeaderField("content-type", "text/plain; charset=utf-8"),
        new HeaderField("content-length", Integer.toString(body.length))), false);
    stream.sendData(ByteBuffer.wrap(body), true);
  }

  @Override
  public void onData(Http2Stream s, ByteBuffer data, boolean endStream) {
    if (closed || listener == null) {
      s.consumed(data.remaining());
    } else {
      deframer.deframe(data);
    }
    if (endStream) {
      endOfInput();
    }
  }

  private void endOfInput() {
    if (inputEnded) {
      return;
    }
    inputEnded = true;
    deframer.endOfStream();
    deliverHalfCloseIfDrained();
  }

  private void deliverHalfCloseIfDrained() {
    if (inputEnded && !halfCloseDelivered && !closed && listener != null && !deframer.hasPendingDeliveries()) {
      halfCloseDelivered = true;
      listener.onHalfClose();
    }
  }

  @Override
  public void onReset(Http2Stream s, ErrorCode code, String reason) {
    if (closed) {
      return;
    }
    closed = true;
    handoff.streamReady(false);
    stopReading();
    if (listener != null) {
      listener.onCancel(code == ErrorCode.CANCEL
          ? Status.CANCELLED.withDescription("cancelled by the client")
          : ResetStatus.forReset(code, reason));
    }
  }

  @Override
  public void onReady(Http2Stream s) {
    handoff.streamReady(true);
    if (!closed && listener != null) {
      listener.onReady();
    }
  }

  @Override
  public void messageAvailable(InputStream message) {
    if (!closed) {
      listener.onMessage(message);
    }
  }

  @Override
  public void bytesRead(int n) {
    stream.consumed(n);
  }

  @Override
  public void deframeFailed(Status status) {
    if (closed) {
      return;
    }
    closeOnLoop(status, new Metadata());
    if (!stream.state().isClosed()) {
      stream.reset(ErrorCode.CANCEL);
    }
    if (listener != null) {
      listener.onCancel(status);
    }
  }

  // ---------------------------------------------------------------- response (any thread)

  @Override
  public void request(int numMessages) {
    handoff.run(() -> {
      if (!closed) {
        deframer.request(numMessages);
        deliverHalfCloseIfDrained();
      }
    });
  }

  @Override
  public void writeHeaders(Metadata headers) {
    handoff.run(() -> {
      if (!closed && !headersSent) {
        sendResponseHeaders(headers);
      }
    });
  }

  private void sendResponseHeaders(Metadata headers) {
    headersSent = true;
    List<HeaderField> fields = new ArrayList<>(6 + headers.size());
    fields.add(new HeaderField(":status", "200"));
    fields.add(new HeaderField(GrpcHeaders.CONTENT_TYPE, contentType));
    if (compressor != null) {
      fields.add(new HeaderField(GrpcHeaders.GRPC_ENCODING, compressor.encoding()));
    }
    fields.add(new HeaderField(GrpcHeaders.GRPC_ACCEPT_ENCODING, Compressors.acceptEncoding()));
    MetadataCodec.appendHeaders(headers, fields);
    stream.sendHeaders(fields, false);
  }

  @Override
  public void writeMessage(ByteBuffer message, boolean compress) {
    handoff.write(message.remaining(), mayGoOn -> {
      if (closed) {
        return;
      }
      if (!headersSent) {
        sendResponseHeaders(new Metadata());
      }
      try {
        GrpcClientStream.sendFramed(stream, MessageFramer.frame(message, compress ? compressor : null));
      } catch (IOException e) {
        closeOnLoop(Status.INTERNAL.withDescription("failed to compress a response message").withCause(e),
            new Metadata());
        return;
      }
      handoff.streamReady(stream.isReady());
      if (mayGoOn && handoff.streamReady() && listener != null && !closed) {
        listener.onReady(); // isReady() was false only for bytes on their way to the loop: no stream event follows
      }
    });
  }

  @Override
  public void close(Status status, Metadata trailers) {
    handoff.run(() -> {
      if (closed) {
        return;
      }
      closeOnLoop(status, trailers);
      if (listener != null) {
        listener.onComplete();
      }
    });
  }

  private void closeOnLoop(Status status, Metadata trailers) {
    closed = true;
    handoff.streamReady(false);
    stopReading();
    List<HeaderField> fields = new ArrayList<>(6 + trailers.size());
    if (!headersSent) { // Trailers-Only: one HEADERS frame with END_STREAM
      headersSent = true;
      fields.add(new HeaderField(":status", "200"));
      fields.add(new HeaderField(GrpcHeaders.CONTENT_TYPE, contentType));
    }
    fields.add(new HeaderField(GrpcHeaders.GRPC_STATUS, Integer.toString(status.code().value())));
    if (status.description() != null) {
      fields.add(new HeaderField(GrpcHeaders.GRPC_MESSAGE, StatusMessage.encode(status.description())));
    }
    MetadataCodec.appendHeaders(trailers, fields);
    if (stream.state().canSend()) {
      stream.sendTrailers(fields);
    }
  }

  @Override
  public void cancel(Status status) {
    handoff.run(() -> {
      if (closed) {
        return;
      }
      closed = true;
      handoff.streamReady(false);
      stopReading();
      if (!stream.state().isClosed()) {
        stream.reset(ErrorCode.CANCEL);
      }
    });
  }

  /**
   * The call is over: request messages still buffered will never be read, so their bytes go back
   * to the connection's window (a server that answers before reading a client stream to its end
   * must not shrink the window of every call on the connection).
   */
  private void stopReading() {
    deframer.close();
    stream.releaseAll();
  }

  @Override
  public boolean isReady() {
    return handoff.isReady();
  }

  @Override
  public void setCompression(String encoding) {
    handoff.run(() -> {
      Compressor c = Compressors.forEncoding(encoding);
      if (c != null && c != Compressors.IDENTITY && !headersSent
          && Compressors.accepts(acceptEncoding, encoding)) {
        compressor = c;
      }
    });
  }

  @Override
  public String authority() {
    return authority;
  }

}
