package dev.proxima.internal.hpack;

import java.util.HashMap;
import java.util.Map;

/** The static table of RFC 7541 Appendix A: indices 1..61, before the dynamic table (§2.3.3). */
final class StaticTable {
  static final int LENGTH = 61;

  private static final HeaderField[] ENTRIES = {
    null, // index 0 is not used (§6.1)
    new HeaderField(":authority", ""),
    new HeaderField(":method", "GET"),
    new HeaderField(":method", "POST"),
    new HeaderField(":path", "/"),
    new HeaderField(":path", "/index.html"),
    new HeaderField(":scheme", "http"),
    new HeaderField(":scheme", "https"),
    new HeaderField(":status", "200"),
    new HeaderField(":status", "204"),
    new HeaderField(":status", "206"),
    new HeaderField(":status", "304"),
    new HeaderField(":status", "400"),
    new HeaderField(":status", "404"),
    new HeaderField(":status", "500"),
    new HeaderField("accept-charset", ""),
    new HeaderField("accept-encoding", "gzip, deflate"),
    new HeaderField("accept-language", ""),
    new HeaderField("accept-ranges", ""),
    new HeaderField("accept", ""),
    new HeaderField("access-control-allow-origin", ""),
    new HeaderField("age", ""),
    new HeaderField("allow", ""),
    new HeaderField("authorization", ""),
    new HeaderField("cache-control", ""),
    new HeaderField("content-disposition", ""),
    new HeaderField("content-encoding", ""),
    new HeaderField("content-language", ""),
    new HeaderField("content-length", ""),
    new HeaderField("content-location", ""),
    new HeaderField("content-range", ""),
    new HeaderField("content-type", ""),
    new HeaderField("cookie", ""),
    new HeaderField("date", ""),
    new HeaderField("etag", ""),
    new HeaderField("expect", ""),
    new HeaderField("expires", ""),
    new HeaderField("from", ""),
    new HeaderField("host", ""),
    new HeaderField("if-match", ""),
    new HeaderField("if-modified-since", ""),
    new HeaderField("if-none-match", ""),
    new HeaderField("if-range", ""),
    new HeaderField("if-unmodified-since", ""),
    new HeaderField("last-modified", ""),
    new HeaderField("link", ""),
    new HeaderField("location", ""),
    new HeaderField("max-forwards", ""),
    new HeaderField("proxy-authenticate", ""),
    new HeaderField("proxy-authorization", ""),
    new HeaderField("range", ""),
    new HeaderField("referer", ""),
    new HeaderField("refresh", ""),
    new HeaderField("retry-after", ""),
    new HeaderField("server", ""),
    new HeaderField("set-cookie", ""),
    new HeaderField("strict-transport-security", ""),
    new HeaderField("transfer-encoding", ""),
    new HeaderField("user-agent", ""),
    new HeaderField("vary", ""),
    new HeaderField("via", ""),
    new HeaderField("www-authenticate", ""),
  };

  /** Full (name, value) matches; keys are non-sensitive fields, as the encoder looks them up. */
  private static final Map<HeaderField, Integer> BY_FIELD = new HashMap<>();
  /** Lowest index for each name: the smallest index encodes in the fewest octets. */
  private static final Map<String, Integer> BY_NAME = new HashMap<>();

  static {
    for (int i = LENGTH; i >= 1; i--) {
      BY_FIELD.put(ENTRIES[i], i);
      BY_NAME.put(ENTRIES[i].name(), i);
    }
  }

  private StaticTable() {}

  /** The entry at {@code index}, 1..{@link #LENGTH}. */
  static HeaderField get(int index) {
    return ENTRIES[index];
  }

  /** Index of the entry equal to {@code field} (which must be non-sensitive), or 0. */
  static int indexOf(HeaderField field) {
    Integer i = BY_FIELD.get(field);
    return i == null ? 0 : i;
  }

  /** Lowest index of an entry named {@code name}, or 0. */
  static int indexOfName(String name) {
    Integer i = BY_NAME.get(name);
    return i == null ? 0 : i;
  }
}
