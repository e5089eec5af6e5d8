package dev.proxima.internal.grpc;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Frames outgoing messages as Length-Prefixed-Messages (PROTOCOL-HTTP2, "Requests"), the units
 * carried in DATA frames:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Compressed-Flag|       Message-Length (32 bits, big-endian,    |
 * +---------------+-----------------------------------------------+
 * |  unsigned)    |           Message (Message-Length octets) ... |
 * +---------------+-----------------------------------------------+
 * </pre>
 *
 * <p>Compressed-Flag is 1 when Message is compressed with the stream's {@code grpc-encoding}, 0
 * otherwise. DATA frame boundaries have nothing to do with message boundaries.
 */
public final class MessageFramer {
  /** The prefix: one flag byte and four length bytes. */
  public static final int HEADER_LENGTH = 5;

  /**
   * Messages whose wire form (prefix included) is at most this go out as one buffer, so that the
   * prefix needs no DATA frame of its own.
   */
  public static final int ONE_BUFFER_LIMIT = 16 * 1024;

  private MessageFramer() {}

  /**
   * The wire form of one message, as the buffers to send in order: one new buffer with the prefix
   * and a copy of the body when it fits {@link #ONE_BUFFER_LIMIT}, else {@code {prefix, body}}
   * where the body is {@code message} itself (no copy) when not compressed, so the caller must not
   * change it until it is written. {@code message}'s position is never changed. With {@code
   * compressorOrNull} null or {@link Compressors#IDENTITY} the flag is 0, otherwise the body is
   * compressed and the flag is 1.
   *
   * <p>Checking the peer's maximum message size is the caller's: the limit is the receiver's,
   * known from configuration, not from the protocol.
   */
  public static ByteBuffer[] frame(ByteBuffer message, Compressor compressorOrNull)
      throws IOException {
    boolean compress = compressorOrNull != null && compressorOrNull != Compressors.IDENTITY;
    ByteBuffer body = compress ? compressorOrNull.compress(message) : message;
    int length = body.remaining();
    if (HEADER_LENGTH + length <= ONE_BUFFER_LIMIT) {
      ByteBuffer one = ByteBuffer.allocate(HEADER_LENGTH + length);
      one.put(0, (byte) (compress ? 1 : 0)).putInt(1, length).put(HEADER_LENGTH, body, body.position(), length);
      return new ByteBuffer[] {one};
    }
    ByteBuffer prefix = ByteBuffer.allocate(HEADER_LENGTH);
    prefix.put((byte) (compress ? 1 : 0)).putInt(length).flip();
    return new ByteBuffer[] {prefix, body};
  }
}
