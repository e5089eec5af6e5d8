package dev.proxima;

import java.nio.ByteBuffer;

/**
 * Implemented by the {@link java.io.InputStream} a received message reaches {@link
 * Marshaller#parse} as, when the message is held whole in memory: a marshaller can then read it in
 * place rather than copy it out of the stream first (the role of grpc-java's {@code
 * HasByteBuffer}).
 *
 * <pre>{@code
 * if (in instanceof BufferedMessage m && m.unreadBytes() instanceof ByteBuffer bytes) {
 *   return parseFrom(bytes); // no copy; the stream itself is left as it was
 * }
 * }</pre>
 */
public interface BufferedMessage {
  /**
   * The message's unread bytes as one heap buffer (from its position to its limit), or null when
   * they are not in one: then read the stream. The buffer is the caller's own view, so moving its
   * position does not move the stream's. Its bytes never change afterwards, so what is parsed from
   * it may keep views of them instead of copies; the caller must not write into it.
   */
  ByteBuffer unreadBytes();
}
