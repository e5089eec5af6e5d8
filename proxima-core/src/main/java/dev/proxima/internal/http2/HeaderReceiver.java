package dev.proxima.internal.http2;

import dev.proxima.internal.hpack.HeaderField;
import dev.proxima.internal.hpack.HpackDecoder;
import dev.proxima.internal.hpack.HpackException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The header blocks the peer sends (RFC 9113 §4.3, §6.2). Each is HPACK-decoded here (RFC 7541),
 * also one for a stream already closed, so that both sides' tables stay in step. Then it is what
 * its place makes it (RFC 9113 §8.1): the block that opens a peer stream, a stream's request or
 * response headers, a 1xx informational response (more headers follow), or its trailers; checked
 * by {@link HeaderValidator} and handed to the stream's listener. A block on a peer stream that is
 * closed is ignored if we reset the stream lately or our GOAWAY left it unprocessed, else answered
 * with RST_STREAM STREAM_CLOSED: the peer reused an id, or went below one it used.
 *
 * <p>A block on a new peer stream id (on the server) is admitted or not: after our GOAWAY it is
 * ignored (RFC 9113 §6.8); at our SETTINGS_MAX_CONCURRENT_STREAMS it is refused with
 * REFUSED_STREAM (RFC 9113 §5.1.2); one over our SETTINGS_MAX_HEADER_LIST_SIZE opens the stream
 * only to answer status 431 (RFC 9113 §10.5.1); any other is offered to the
 * {@link StreamAcceptor}, whose listener hears the headers.
 *
 * <p>The connection makes it at the first header block received, and with it the HPACK decoder:
 * an idle connection holds neither.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class HeaderReceiver {
  private final Http2Connection connection;
  private final Http2Config config;
  /** Null on the client: a server does not open streams (server push is not supported). */
  private final StreamAcceptor acceptor;
  private final StreamRegistry streams;
  private final StreamLifecycle lifecycle;
  private final HpackDecoder decoder;

  /**
   * Until our SETTINGS are acknowledged ({@code settingsAcked}) the peer encodes against the
   * default header table size (RFC 9113 §6.5.3); after, against ours.
   */
  HeaderReceiver(Http2Connection connection, StreamAcceptor acceptor, StreamRegistry streams,
      StreamLifecycle lifecycle, boolean settingsAcked) {
    this.connection = connection;
    this.config = connection.config();
    this.acceptor = acceptor;
    this.streams = streams;
    this.lifecycle = lifecycle;
    this.decoder =
        new HpackDecoder(Http2Settings.DEFAULT_HEADER_TABLE_SIZE, config.maxHeaderListSize());
    if (settingsAcked) {
      decoder.setMaxHeaderTableSize(config.headerTableSize());
    }
  }

  /** The peer acknowledged our SETTINGS: from now on it encodes against our header table size. */
  void settingsAcked() {
    decoder.setMaxHeaderTableSize(config.headerTableSize());
  }

  /** A complete header block on {@code streamId}, as {@link FrameHandler#headers} reports it. */
  void headers(int streamId, boolean endStream, ByteBuffer headerBlock) throws Http2Exception {
    List<HeaderField> fields;
    boolean tooLarge = false;
    try {
      fields = decoder.decode(headerBlock);
    } catch (HpackException e) {
      if (!e.isHeaderListTooLarge()) {
        throw Http2Exception.connectionError(ErrorCode.COMPRESSION_ERROR,
            "header block on stream " + streamId + " does not decode: " + e.getMessage());
      }
      fields = List.of();
      tooLarge = true;
    }
    Http2Stream s = streams.get(streamId);
    if (s == null) {
      if (connection.role() == Http2Connection.Role.SERVER && streams.isNewRemote(streamId)) {
        acceptStream(streamId, endStream, fields, tooLarge);
      } else if (streams.isIdle(streamId)) {
        throw Http2Exception.connectionError(ErrorCode.PROTOCOL_ERROR, streams.isLocal(streamId)
            ? "HEADERS on idle stream " + streamId + " that this side should have opened (RFC 9113 §5.1.1)"
            : "HEADERS on idle stream " + streamId + ": a server opens a stream only by PUSH_PROMISE,"
                + " which we disabled (RFC 9113 §8.4, §5.1.1)");
      } else if (!streams.isLocal(streamId) && !streams.wasResetLately(streamId)
          && !connection.goAwaySent()) {
        // The peer reuses a stream it closed, or opens one below an id it already used: silence
        // would leave its request waiting for an answer that never comes. A stream error, as for
        // DATA on a closed stream (RFC 9113 §5.1 closed, §5.1.1).
        throw Http2Exception.streamError(streamId, ErrorCode.STREAM_CLOSED, "HEADERS on stream "
            + streamId + ", which is closed: a stream id cannot be used again, nor one below an id"
            + " already used (RFC 9113 §5.1, §5.1.1)");
      }
      // Else a stream we reset while the peer was sending, or one our GOAWAY left unprocessed:
      // ignored (RFC 9113 §5.1, §6.8), but decoded above so both HPACK tables stay in step.
      return;
    }
    if (tooLarge) {
      throw Http2Exception.streamError(streamId, ErrorCode.PROTOCOL_ERROR,
          "header list larger than SETTINGS_MAX_HEADER_LIST_SIZE " + config.maxHeaderListSize()
              + " (RFC 9113 §6.5.2)");
    }
    HeaderValidator.Kind kind;
    if (s.headersReceived()) {
      kind = HeaderValidator.Kind.TRAILERS;
      if (!endStream) {
        throw Http2Exception.streamError(streamId, ErrorCode.PROTOCOL_ERROR,
            "trailers without END_STREAM (RFC 9113 §8.1)");
      }
    } else {
      kind = connection.role() == Http2Connection.Role.CLIENT
          ? HeaderValidator.Kind.RESPONSE
          : HeaderValidator.Kind.REQUEST;
    }
    // The state moves only once the block is found valid: a block in error leaves an open stream
    // open, so that its stream error resets it (RFC 9113 §5.4.2).
    StreamState next = s.state().onReceiveHeaders(streamId, endStream);
    long contentLength = HeaderValidator.validate(streamId, fields, kind);
    boolean informational = kind == HeaderValidator.Kind.RESPONSE && isInformational(fields);
    if (informational && endStream) {
      throw Http2Exception.streamError(streamId, ErrorCode.PROTOCOL_ERROR,
          "1xx response with END_STREAM (RFC 9113 §8.1)");
    }
    if (kind == HeaderValidator.Kind.TRAILERS) {
      if (s.contentLength != null) {
        s.contentLength.onEnd(streamId);
      }
    } else if (!informational && contentLength != ContentLength.ABSENT) {
      expectContent(s, contentLength, kind == HeaderValidator.Kind.RESPONSE && hasNoContent(s, fields), endStream);
    }
    s.state(next);
    if (!informational) {
      s.headersReceived(true);
    }
    deliver(s, fields, endStream);
  }

  private void acceptStream(int streamId, boolean endStream, List<HeaderField> fields, boolean tooLarge)
      throws Http2Exception {
    streams.remoteStreamSeen(streamId);
    if (connection.goAwaySent()) {
      return; // RFC 9113 §6.8: streams above the GOAWAY's last stream id are ignored
    }
    if (!streams.hasRemoteSlot(config.maxConcurrentStreams())) {
      connection.sendRstStream(streamId, ErrorCode.REFUSED_STREAM);
      return;
    }
    Http2Stream s = lifecycle.startRemote(streamId, endStream);
    if (tooLarge) {
      // RFC 9113 §10.5.1: answer with 431 rather than a bare reset, so the client learns why.
      lifecycle.writeHeaders(s, List.of(new HeaderField(":status", "431")), true);
      if (!s.state().isClosed()) {
        lifecycle.reset(s, ErrorCode.NO_ERROR);
      }
      return;
    }
    expectContent(s, HeaderValidator.validate(streamId, fields, HeaderValidator.Kind.REQUEST), false, endStream);
    s.headersReceived(true);
    try {
      s.listener(acceptor.accept(s));
    } catch (RuntimeException e) {
      lifecycle.listenerFailed(s, e);
      return;
    }
    deliver(s, fields, endStream);
  }

  private void deliver(Http2Stream s, List<HeaderField> fields, boolean endStream) throws Http2Exception {
    Http2StreamListener listener = s.listener();
    if (listener != null) {
      try {
        listener.onHeaders(s, fields, endStream);
      } catch (RuntimeException e) {
        lifecycle.listenerFailed(s, e);
        return;
      }
    }
    lifecycle.closeIfDone(s);
  }

  /**
   * The request or final response headers of {@code s} announce {@code contentLength} octets of
   * content ({@link ContentLength#ABSENT}: none announced): its DATA will be counted against it,
   * unless the message has no content whatever its content-length says ({@code noContent}). With
   * {@code endStream} the content is already complete: empty.
   */
  private static void expectContent(Http2Stream s, long contentLength, boolean noContent, boolean endStream)
      throws Http2Exception {
    if (contentLength == ContentLength.ABSENT || noContent) {
      return;
    }
    s.contentLength = new ContentLength(contentLength);
    if (endStream) {
      s.contentLength.onEnd(s.id());
    }
  }

  /**
   * Whether a response has no content whatever its content-length says: the response to HEAD,
   * and 204 and 304 (RFC 9110 §6.4.1, §8.6, §9.3.2). Looked at only when there is a content-length.
   */
  private static boolean hasNoContent(Http2Stream s, List<HeaderField> fields) {
    if (s.requestWasHead) {
      return true;
    }
    for (HeaderField f : fields) {
      if (f.name().equals(":status")) {
        return f.value().equals("204") || f.value().equals("304");
      }
    }
    return false;
  }

  private static boolean isInformational(List<HeaderField> fields) {
    for (HeaderField f : fields) {
      if (f.name().equals(":status")) {
        return f.value().charAt(0) == '1';
      }
    }
    return false;
  }
}
