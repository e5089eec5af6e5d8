package dev.proxima.internal.hpack;

import java.util.Objects;

/**
 * One header field: a lower-case name and a value, both ISO-8859-1 strings as they travel in
 * HTTP/2. {@code sensitive} asks the encoder never to index the field (RFC 7541 §7.1.3); the
 * decoder sets it for fields it received as "never indexed".
 */
public record HeaderField(String name, String value, boolean sensitive) {
  public HeaderField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  public HeaderField(String name, String value) {
    this(name, value, false);
  }

  /** The field's size as RFC 7541 §4.1 counts it: name and value octets plus 32. */
  public long hpackSize() {
    return name.length() + value.length() + 32L;
  }
}
