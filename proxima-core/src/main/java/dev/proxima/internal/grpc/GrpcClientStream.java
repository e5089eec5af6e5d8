package dev.proxima.internal.grpc;

import dev.proxima.CallOptions;
import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;
import dev.proxima.Status;
import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.http2.ErrorCode;
import dev.proxima.internal.http2.Http2Connection;
import dev.proxima.internal.http2.Http2Stream;
import dev.proxima.internal.http2.Http2StreamListener;
import dev.proxima.internal.io.EventLoop;
import dev.proxima.internal.transport.ClientStream;
import dev.proxima.internal.transport.ClientStreamListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A gRPC call's client side on one HTTP/2 stream: request headers, length-prefixed messages,
 * response headers, trailers (or Trailers-Only), and the mapping of every way a stream can end to a
 * status.
 *
 * <p>Threading: the {@link ClientStream} methods may be called from any thread; they hop to the
 * connection's event loop, where all state lives. Listener methods are called on the loop.
 */
final class GrpcClientStream implements ClientStream, Http2StreamListener, MessageDeframer.Listener {
  private static final HeaderField ACCEPT_ENCODING =
      new HeaderField(GrpcHeaders.GRPC_ACCEPT_ENCODING, Compressors.acceptEncoding());

  private final Http2Connection connection;
  private final EventLoop loop;
  private final ClientStreamListener listener;
  private final MessageDeframer deframer;
  private final Compressor compressor;
  private final LoopHandoff handoff;

  private Http2Stream stream;
  private boolean headersReceived;
  private boolean closed;
  private boolean inputEnded;
  private Status pendingCloseStatus;
  private Metadata pendingCloseTrailers;

  GrpcClientStream(Http2Connection connection, ClientStreamListener listener, int maxInboundMessageSize,
      Compressor compressor) {
    this.connection = connection;
    this.loop = connection.loop();
    this.listener = listener;
    this.deframer = new MessageDeframer(maxInboundMessageSize, this);
    this.compressor = compressor;
    this.handoff = new LoopHandoff(loop, connection.config().streamReadyThreshold(), false);
  }

  /** Sends the request headers. Called once, on the loop, before anything else. */
  void start(MethodDescriptor<?, ?> method, Metadata headers, CallOptions options, RequestHeaders requestHeaders,
      long timeoutNanos) {
    if (!connection.isAcceptingStreams()) {
      closeWith(Status.UNAVAILABLE.withDescription("connection to " + requestHeaders.authority() + " is closing"),
          new Metadata());
      return;
    }
    List<HeaderField> fields = new ArrayList<>(10 + 2 * headers.size());
    requestHeaders.addTo(fields, method);
    if (timeoutNanos >= 0) {
      fields.add(new HeaderField(GrpcHeaders.GRPC_TIMEOUT, GrpcTimeout.encode(timeoutNanos)));
    }
    if (compressor != null && compressor != Compressors.IDENTITY) {
      fields.add(new HeaderField(GrpcHeaders.GRPC_ENCODING, compressor.encoding()));
    }
    fields.add(ACCEPT_ENCODING);
    MetadataCodec.appendHeaders(headers, fields);
    stream = connection.newStream(this);
    stream.setAutoConsume(false);
    stream.sendHeaders(fields, false);
    handoff.streamReady(stream.isReady());
    if (handoff.isReady()) {
      // isReady() was false until the stream existed: a producer waiting for onReady starts now.
      listener.onReady();
    }
  }

  @Override
  public void writeMessage(ByteBuffer message, boolean compress) {
    handoff.write(message.remaining(), mayGoOn -> {
      if (closed || stream == null) {
        return;
      }
      try {
        ByteBuffer[] framed = MessageFramer.frame(message, compress ? compressor : null);
        sendFramed(stream, framed);
      } catch (IOException e) {
        cancelOnLoop(Status.INTERNAL.withDescription("failed to compress a request message: " + e.getMessage())
            .withCause(e));
        return;
      }
      handoff.streamReady(stream.isReady());
      if (mayGoOn && handoff.streamReady() && !closed) {
        listener.onReady(); // isReady() was false only for bytes on their way to the loop: no stream event follows
      }
    });
  }

  /** Sends a message's wire form ({@link MessageFramer#frame}) on {@code stream}, in order. */
  static void sendFramed(Http2Stream stream, ByteBuffer[] framed) {
    for (ByteBuffer part : framed) {
      stream.sendData(part, false);
    }
  }

  @Override
  public void halfClose() {
    handoff.run(() -> {
      if (!closed && stream != null && stream.state().canSend()) {
        stream.endStream();
      }
    });
  }

  @Override
  public void request(int numMessages) {
    handoff.run(() -> {
      if (closed) {
        return;
      }
      deframer.request(numMessages);
      closeIfDrained();
    });
  }

  @Override
  public void cancel(Status status) {
    handoff.run(() -> cancelOnLoop(status));
  }

  private void cancelOnLoop(Status status) {
    if (closed) {
      return;
    }
    if (stream != null && !stream.state().isClosed()) {
      stream.reset(ErrorCode.CANCEL);
    }
    closeWith(status, new Metadata());
  }

  /** Runs {@code task} on the loop in order with this stream's other work. */
  void onLoop(Runnable task) {
    handoff.run(task);
  }

  @Override
  public boolean isReady() {
    return handoff.isReady();
  }

  // ---------------------------------------------------------------- HTTP/2 stream events (loop)

  @Override
  public void onHeaders(Http2Stream s, List<HeaderField> fields, boolean endStream) {
    if (closed) {
      return;
    }
    if (!headersReceived) {
      int httpStatus = httpStatus(fields);
      if (httpStatus >= 100 && httpStatus < 200) {
        return; // informational (RFC 9113 §8.1): the response headers are still to come
      }
      headersReceived = true;
      if (endStream) { // Trailers-Only
        String contentType = value(fields, GrpcHeaders.CONTENT_TYPE);
        if (httpStatus == 200 && !GrpcHeaders.isGrpcContentType(contentType)) {
          // Its grpc-status is not to be trusted: a 200 that is not gRPC (as grpc-java and grpc-go see it).
          closeWith(notGrpc(contentType), MetadataCodec.toMetadata(fields));
          return;
        }
        onTrailers(fields, httpStatus);
        return;
      }
      Status bad = checkResponseHeaders(fields, httpStatus);
      if (bad != null) {
        cancelOnLoop(bad);
        return;
      }
      listener.onHeaders(MetadataCodec.toMetadata(fields));
      return;
    }
    if (!endStream) {
      cancelOnLoop(Status.INTERNAL.withDescription("second header block without END_STREAM"));
      return;
    }
    onTrailers(fields, 200);
  }

  private Status checkResponseHeaders(List<HeaderField> fields, int httpStatus) {
    if (httpStatus != 200) {
      return HttpStatusMapping.statusForHttp(httpStatus);
    }
    String contentType = value(fields, GrpcHeaders.CONTENT_TYPE);
    if (!GrpcHeaders.isGrpcContentType(contentType)) {
      return notGrpc(contentType);
    }
    String encoding = value(fields, GrpcHeaders.GRPC_ENCODING);
    if (encoding != null && !encoding.equals(Compressors.IDENTITY.encoding())) {
      Compressor c = Compressors.forEncoding(encoding);
      if (c == null) {
        return Status.INTERNAL.withDescription("server used grpc-encoding '" + encoding + "' which we do not support");
      }
      deframer.setDecompressor(c);
    }
    return null;
  }

  /** A response of status 200 whose content-type is not gRPC's (null: none): UNKNOWN. */
  private static Status notGrpc(String contentType) {
    return Status.UNKNOWN.withDescription("response content-type '" + contentType + "' is not gRPC");
  }

  private void onTrailers(List<HeaderField> fields, int httpStatus) {
    String code = value(fields, GrpcHeaders.GRPC_STATUS);
    Status status;
    if (code == null) {
      status = httpStatus != 200
          ? HttpStatusMapping.statusForHttp(httpStatus)
          : Status.UNKNOWN.withDescription("server sent no grpc-status");
    } else {
      String message = value(fields, GrpcHeaders.GRPC_MESSAGE);
      status = GrpcStatusHeader.parse(code, message == null ? null : StatusMessage.decode(message));
    }
    inputEnded = true;
    deframer.endOfStream();
    Metadata trailers = MetadataCodec.toMetadata(fields);
    // Messages the server sent before its status are delivered first, whatever the status (as grpc-java).
    if (deframer.hasPendingDeliveries()) {
      pendingCloseStatus = status;
      pendingCloseTrailers = trailers;
      return;
    }
    closeWith(status, trailers);
  }

  @Override
  public void onData(Http2Stream s, ByteBuffer data, boolean endStream) {
    if (closed) {
      s.consumed(data.remaining());
      return;
    }
    if (!headersReceived) {
      // A response is headers, messages, trailers (gRPC PROTOCOL-HTTP2, "Responses"); the held
      // bytes of this frame go back to the connection when the cancel releases the stream.
      cancelOnLoop(Status.INTERNAL.withDescription("server sent DATA before the response headers"
          + " (gRPC PROTOCOL-HTTP2: Response-Headers come first)"));
      return;
    }
    deframer.deframe(data);
    if (endStream && !closed) {
      cancelOnLoop(Status.INTERNAL.withDescription("server ended the stream without trailers (no grpc-status)"));
    }
  }

  @Override
  public void onReset(Http2Stream s, ErrorCode code, String reason) {
    if (closed) {
      return;
    }
    // The connection closed under the stream: lost, not cancelled (UNAVAILABLE, safe to retry).
    Status status = connection.isClosed() && code == ErrorCode.CANCEL
        ? Status.UNAVAILABLE.withDescription(reason)
        : ResetStatus.forReset(code, reason);
    closeWith(status, new Metadata());
  }

  @Override
  public void onReady(Http2Stream s) {
    handoff.streamReady(true);
    if (!closed) {
      listener.onReady();
    }
  }

  // ---------------------------------------------------------------- deframer events (loop)

  @Override
  public void messageAvailable(InputStream message) {
    if (!closed) {
      listener.onMessage(message);
    }
  }

  @Override
  public void bytesRead(int n) {
    if (stream != null) {
      stream.consumed(n);
    }
  }

  @Override
  public void deframeFailed(Status status) {
    cancelOnLoop(status);
  }

  private void closeIfDrained() {
    if (pendingCloseStatus != null && inputEnded && !deframer.hasPendingDeliveries()) {
      closeWith(pendingCloseStatus, pendingCloseTrailers);
    }
  }

  private void closeWith(Status status, Metadata trailers) {
    if (closed) {
      return;
    }
    closed = true;
    handoff.streamReady(false);
    stopReading();
    if (stream != null && stream.state().canSend() && !stream.state().canReceive()) {
      // The server ended the call before this side ended its request (it may, RFC 9113 §8.1):
      // what is left to send matters no more, and unless this side ends the stream too it stays
      // half-closed for good, holding one of the server's MAX_CONCURRENT_STREAMS slots. A reset
      // with NO_ERROR says "done, no error" (as grpc-go's client does).
      stream.reset(ErrorCode.NO_ERROR);
    }
    listener.onClose(status, trailers);
  }

  /**
   * The call is over: messages still buffered will never be read, so their bytes go back to the
   * connection's window (else a call cancelled after its trailers, with messages unread, would
   * shrink the window of every call on the connection for good).
   */
  private void stopReading() {
    deframer.close();
    if (stream != null) {
      stream.releaseAll();
    }
  }

  static int httpStatus(List<HeaderField> fields) {
    String s = value(fields, ":status");
    try {
      return s == null ? 0 : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static String value(List<HeaderField> fields, String name) {
    for (HeaderField f : fields) {
      if (f.name().equals(name)) {
        return f.value();
      }
    }
    return null;
  }
}
