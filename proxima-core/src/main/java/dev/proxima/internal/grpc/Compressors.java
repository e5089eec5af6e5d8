package dev.proxima.internal.grpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The message encodings we support (gRPC doc/compression.md): {@code identity}, which is always
 * implied, and {@code gzip}, from the JDK.
 */
public final class Compressors {
  /** No compression: messages framed with it carry the compressed flag 0. */
  public static final Compressor IDENTITY = new Identity();

  /** gzip (RFC 1952) by {@link java.util.zip}. */
  public static final Compressor GZIP = new Gzip();

  private Compressors() {}

  /**
   * The compressor for a {@code grpc-encoding} value, or null when we do not support it. A
   * received message in an unsupported encoding is the caller's to refuse: the call ends with
   * UNIMPLEMENTED and the response carries our {@link #acceptEncoding()} (doc/compression.md).
   */
  public static Compressor forEncoding(String name) {
    if (name == null) {
      return null;
    }
    // Content-codings are case-insensitive tokens (RFC 9110 §8.4.1).
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "identity" -> IDENTITY;
      case "gzip" -> GZIP;
      default -> null;
    };
  }

  /** The value of {@code grpc-accept-encoding} we send; identity is implied, so not listed. */
  public static String acceptEncoding() {
    return "gzip";
  }

  /**
   * Whether a peer's {@code grpc-accept-encoding} (comma-separated, may be null) lets us send
   * messages in {@code encoding}. Identity is always acceptable.
   */
  public static boolean accepts(String acceptEncodingHeader, String encoding) {
    if (encoding == null) {
      return false;
    }
    if (encoding.equalsIgnoreCase("identity")) {
      return true;
    }
    if (acceptEncodingHeader == null) {
      return false;
    }
    for (String token : acceptEncodingHeader.split(",")) {
      if (token.strip().equalsIgnoreCase(encoding)) {
        return true;
      }
    }
    return false;
  }

  private static final class Identity implements Compressor {
    @Override
    public String encoding() {
      return "identity";
    }

    @Override
    public ByteBuffer compress(ByteBuffer message) {
      return message.duplicate();
    }

    @Override
    public InputStream decompress(InputStream compressed) {
      return compressed;
    }

    @Override
    public String toString() {
      return "identity";
    }
  }

  private static final class Gzip implements Compressor {
    @Override
    public String encoding() {
      return "gzip";
    }

    @Override
    public ByteBuffer compress(ByteBuffer message) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, message.remaining() / 2));
      try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
        ByteBuffer in = message.duplicate();
        if (in.hasArray()) {
          gzip.write(in.array(), in.arrayOffset() + in.position(), in.remaining());
        } else {
          // A direct buffer has no array: go through a small scratch array.
          byte[] chunk = new byte[Math.min(8192, in.remaining())];
          while (in.hasRemaining()) {
            int n = Math.min(chunk.length, in.remaining());
            in.get(chunk, 0, n);
            gzip.write(chunk, 0, n);
          }
        }
      }
      return ByteBuffer.wrap(out.toByteArray());
    }

    @Override
    public InputStream decompress(InputStream compressed) throws IOException {
      return new GZIPInputStream(compressed, 8192);
    }

    @Override
    public String toString() {
      return "gzip";
    }
  }
}
