package dev.proxima.internal.http2;

import dev.proxima.internal.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What one stream tells its user. Every method runs on the connection's event loop, so it must not
 * block; hand slow work elsewhere. Methods have empty defaults so a listener implements only what
 * it needs.
 */
public interface Http2StreamListener {
  /**
   * A header block arrived: the request or response headers first, then possibly trailers (which
   * always end the stream). A 1xx informational response arrives here with {@code endStream} false
   * and more headers follow.
   */
  default void onHeaders(Http2Stream stream, List<HeaderField> headers, boolean endStream) {}

  /**
   * Data arrived. {@code data} is valid only during this call. Unless the stream was switched to
   * manual flow control ({@link Http2Stream#setAutoConsume}), the bytes are given back to the
   * peer's window when this returns.
   */
  default void onData(Http2Stream stream, ByteBuffer data, boolean endStream) {}

  /**
   * The stream ended abnormally: the peer reset it, the connection closed under it, or the peer's
   * GOAWAY left it unprocessed ({@link ErrorCode#REFUSED_STREAM}: safe to retry elsewhere).
   */
  default void onReset(Http2Stream stream, ErrorCode code) {}

  /**
   * As {@link #onReset(Http2Stream, ErrorCode)}, with {@code reason}: which side ended the stream
   * and the rule that broke, in words a person can act on ("malformed header block: response
   * without :status (RFC 9113 §8.3.2)", "the peer reset stream 3 with RST_STREAM CANCEL"). The
   * code alone cannot tell a reset the peer sent from one this side sent because the peer broke a
   * rule. This is what the connection calls; the default passes on to the two-argument form, for
   * listeners that need only the code.
   */
  default void onReset(Http2Stream stream, ErrorCode code, String reason) {
    onReset(stream, code);
  }

  /** {@link Http2Stream#isReady()} turned true again: the producer may send more. */
  default void onReady(Http2Stream stream) {}
}
