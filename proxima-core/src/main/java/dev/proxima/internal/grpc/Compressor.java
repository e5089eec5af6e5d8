package dev.proxima.internal.grpc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * One message encoding (PROTOCOL-HTTP2, Content-Coding; gRPC doc/compression.md). Each message is
 * compressed on its own: "compression contexts are NOT maintained over message boundaries".
 * Implementations are stateless and thread-safe.
 */
public interface Compressor {
  /** The name in {@code grpc-encoding} and {@code grpc-accept-encoding}, e.g. {@code gzip}. */
  String encoding();

  /** The compressed bytes of a whole message; {@code message}'s position is not changed. */
  ByteBuffer compress(ByteBuffer message) throws IOException;

  /**
   * A stream of the decompressed bytes of one message. Reads are lazy, so a caller that stops
   * reading stops inflating: that is how {@link MessageDeframer} bounds a compression bomb.
   */
  InputStream decompress(InputStream compressed) throws IOException;
}
