package dev.proxima.internal.http2;

import java.nio.ByteBuffer;

/**
 * What a {@link FrameReader} reports, one call per frame (or per complete header block). The
 * reader knows the framing and checks the rules of RFC 9113 §4–§6 that need no connection state;
 * the handler knows what frames mean: stream states, flow control, HPACK.
 *
 * <p>Buffers handed to a method are valid only during the call (they may be the caller's reused
 * read buffer itself, narrowed to the payload): copy what you keep, and do not modify their
 * contents (reading moves their position; that is fine). Any method may throw
 * an {@link Http2Exception}; it propagates out of {@link FrameReader#read}.
 */
public interface FrameHandler {
  /**
   * A DATA frame (RFC 9113 §6.1).
   *
   * @param payload the data, without pad length byte and padding
   * @param flowControlledLength the whole frame payload length, padding included: all of it counts
   *     against flow-control windows (RFC 9113 §6.1)
   */
  void data(int streamId, boolean endStream, ByteBuffer payload, int flowControlledLength)
      throws Http2Exception;

  /**
   * A complete header block (RFC 9113 §6.2, §4.3): the HEADERS fragment and those of all its
   * CONTINUATION frames concatenated, padding and priority fields removed. Priority information is
   * checked and then dropped: RFC 9113 §5.3.2 deprecates the priority scheme.
   */
  void headers(int streamId, boolean endStream, ByteBuffer headerBlock) throws Http2Exception;

  /**
   * A PRIORITY frame (RFC 9113 §6.3). Deprecated signalling that may be ignored, reported for
   * completeness.
   *
   * @param weight 1..256 (the wire value plus one)
   */
  void priority(int streamId, int streamDependency, int weight, boolean exclusive)
      throws Http2Exception;

  /**
   * A RST_STREAM frame (RFC 9113 §6.4).
   *
   * @param errorCode the 32-bit value on the wire, which may be a code this side does not know:
   *     {@link ErrorCode#of} gives what it means (INTERNAL_ERROR for an unknown one, RFC 9113 §7),
   *     {@link ErrorCode#describe} names it for messages with the value the peer sent
   */
  void rstStream(int streamId, int errorCode) throws Http2Exception;

  /**
   * A SETTINGS frame (RFC 9113 §6.5). Values are already checked against RFC 9113 §6.5.2 and
   * unknown parameters dropped. For an ACK {@code settings} is empty.
   */
  void settings(boolean ack, Http2Settings settings) throws Http2Exception;

  /** A complete PUSH_PROMISE header block (RFC 9113 §6.6), assembled like {@link #headers}. */
  void pushPromise(int streamId, int promisedStreamId, ByteBuffer headerBlock)
      throws Http2Exception;

  /** A PING frame (RFC 9113 §6.7); the 8 opaque octets as one big-endian long. */
  void ping(boolean ack, long payload) throws Http2Exception;

  /**
   * A GOAWAY frame (RFC 9113 §6.8). {@code debugData} may be empty; {@code errorCode} is the wire
   * value, as for {@link #rstStream}.
   */
  void goAway(int lastStreamId, int errorCode, ByteBuffer debugData) throws Http2Exception;

  /** A WINDOW_UPDATE frame (RFC 9113 §6.9); {@code increment} is 1..2^31-1. */
  void windowUpdate(int streamId, int increment) throws Http2Exception;

  /**
   * A frame of a type this layer does not know; its payload was skipped, as RFC 9113 §4.1 and §5.5
   * require.
   */
  default void unknownFrame(int type, int streamId, int flags, int length) throws Http2Exception {}
}
