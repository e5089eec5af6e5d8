package dev.proxima;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Turns messages of one type into bytes and back. Implementations are stateless and thread-safe.
 *
 * @param <T> the message type
 */
public interface Marshaller<T> {
  /**
   * The message's bytes. The transport reads the returned buffer and never writes it, so an
   * implementation may return a view of bytes it keeps.
   */
  ByteBuffer serialize(T value);

  /**
   * Parses one whole message. {@code in} reads the received network buffers in place (no copy into
   * one array) and ends where the message ends; when it is a {@link BufferedMessage} whose bytes sit
   * in one buffer, a marshaller can parse them there without reading the stream at all.
   *
   * @throws IOException when the bytes are not a valid message; the call ends with INTERNAL
   */
  T parse(InputStream in) throws IOException;

  /**
   * The content-type subtype the bytes are in: "" for the default (protobuf,
   * {@code application/grpc}), {@code "json"} for {@code application/grpc+json}, and so on.
   */
  default String contentSubtype() {
    return "";
  }
}
