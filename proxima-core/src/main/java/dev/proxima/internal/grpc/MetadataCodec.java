package dev.proxima.internal.grpc;

import dev.proxima.Metadata;
import dev.proxima.internal.hpack.HeaderField;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Custom-Metadata as HTTP/2 header fields (PROTOCOL-HTTP2, "Requests": Custom-Metadata →
 * Binary-Header / ASCII-Header). Text values travel as they are; values of names ending in {@code
 * -bin} travel base64-encoded (RFC 4648 §4, the standard alphabet): we send them unpadded, as the
 * spec recommends, and accept padded and unpadded alike, as it requires.
 *
 * <p>Reserved names ({@link GrpcHeaders#isReserved}) are the protocol's, so they are neither sent
 * from nor received into metadata: an application cannot forge {@code grpc-status} or smuggle a
 * {@code connection} header into an HTTP/2 stream.
 */
public final class MetadataCodec {
  private static final Logger log = Logger.getLogger(MetadataCodec.class.getName());
  private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
  // The basic decoder accepts missing padding and rejects anything outside the alphabet.
  private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();

  private MetadataCodec() {}

  /** Appends one header field per metadata entry, in order, skipping reserved names. */
  public static void appendHeaders(Metadata metadata, List<HeaderField> out) {
    metadata.forEach((name, text, bytes) -> {
      if (GrpcHeaders.isReserved(name)) {
        return;
      }
      out.add(new HeaderField(name, bytes != null ? BASE64.encodeToString(bytes) : text));
    });
  }

  /**
   * The metadata in received header fields: everything but pseudo-headers and reserved names,
   * except that a {@code user-agent} is kept so servers can see who calls.
   *
   * <p>Never throws: a field the application could not have sent (a name Metadata rejects, a
   * text value outside printable ASCII, a {@code -bin} value that is not base64) is dropped and
   * logged at FINE, as the spec asks ("must not error" on values HTTP allows). A {@code -bin}
   * value is split on {@code ','} first, since a proxy may join repeated fields that way.
   */
  public static Metadata toMetadata(List<HeaderField> fields) {
    Metadata metadata = new Metadata();
    for (HeaderField f : fields) {
      String name = f.name();
      if (GrpcHeaders.isReserved(name) && !name.equals(GrpcHeaders.USER_AGENT)) {
        continue;
      }
      try {
        if (name.endsWith(Metadata.BINARY_SUFFIX)) {
          Metadata.Key<byte[]> key = Metadata.Key.binary(name);
          for (String part : f.value().split(",", -1)) {
            metadata.put(key, BASE64_DECODER.decode(part.strip()));
          }
        } else {
          // Leading and trailing whitespace "may be stripped" (PROTOCOL-HTTP2), and Metadata
          // would keep it, so strip it here where the rule lives.
          metadata.put(Metadata.Key.of(name), f.value().strip());
        }
      } catch (IllegalArgumentException e) {
        // Invalid base64, an invalid key name or a non-printable text value: drop the field.
        log.log(Level.FINE, "dropping received header ''{0}'': {1}",
            new Object[] {name, e.getMessage()});
      }
    }
    return metadata;
  }
}
