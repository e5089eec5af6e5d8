package dev.proxima;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Headers or trailers of a call: named values in the order they were added, several per name
 * allowed. Names are lower-case; a name ending in {@code -bin} holds bytes (sent base64-encoded),
 * any other name holds printable ASCII text.
 *
 * <p>Not thread-safe: a Metadata belongs to whoever is building or reading it.
 */
public final class Metadata {
  /**
   * A typed name. {@link #of} makes a text key, {@link #binary} a bytes key; equal names make equal
   * keys.
   *
   * @param <T> {@code String} for text keys, {@code byte[]} for binary keys
   */
  public static final class Key<T> {
    private final String name;
    private final boolean binary;

    private Key(String name, boolean binary) {
      this.name = name;
      this.binary = binary;
    }

    /** A text key; {@code name} is lower-cased and must not end in {@code -bin}. */
    public static Key<String> of(String name) {
      String n = validName(name);
      if (n.endsWith(BINARY_SUFFIX)) {
        throw new IllegalArgumentException("'" + name + "' ends in -bin: use Metadata.Key.binary for bytes");
      }
      return new Key<>(n, false);
    }

    /** A bytes key; {@code name} must end in {@code -bin}. */
    public static Key<byte[]> binary(String name) {
      String n = validName(name);
      if (!n.endsWith(BINARY_SUFFIX)) {
        throw new IllegalArgumentException("binary key '" + name + "' must end in -bin");
      }
      return new Key<>(n, true);
    }

    public String name() {
      return name;
    }

    public boolean isBinary() {
      return binary;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key<?> k && k.name.equals(name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    @Override
    public String toString() {
      return "Key{" + name + "}";
    }
  }

  /** Receives each entry of a Metadata in order: exactly one of the two values is non-null. */
  @FunctionalInterface
  public interface EntryVisitor {
    void visit(String name, String text, byte[] bytes);
  }

  /** The suffix that marks a binary key. */
  public static final String BINARY_SUFFIX = "-bin";

  private final List<String> names = new ArrayList<>();
  private final List<Object> values = new ArrayList<>();

  public Metadata() {}

  /** Adds a value; earlier values for the same key stay. */
  public <T> Metadata put(Key<T> key, T value) {
    Objects.requireNonNull(value, "value");
    if (key.binary) {
      values.add(((byte[]) value).clone());
    } else {
      checkText(key.name, (String) value);
      values.add(value);
    }
    names.add(key.name);
    return this;
  }

  /** The last value added for {@code key}, or null. */
  @SuppressWarnings("unchecked")
  public <T> T get(Key<T> key) {
    for (int i = names.size() - 1; i >= 0; i--) {
      if (names.get(i).equals(key.name)) {
        return (T) copy(values.get(i));
      }
    }
    return null;
  }

  /** Every value for {@code key}, in the order added (empty if none). */
  @SuppressWarnings("unchecked")
  public <T> List<T> getAll(Key<T> key) {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equals(key.name)) {
        out.add((T) copy(values.get(i)));
      }
    }
    return out;
  }

  public boolean containsKey(Key<?> key) {
    return names.contains(key.name);
  }

  /** Removes every value of {@code key}; returns how many there were. */
  public int removeAll(Key<?> key) {
    int removed = 0;
    for (int i = names.size() - 1; i >= 0; i--) {
      if (names.get(i).equals(key.name)) {
        names.remove(i);
        values.remove(i);
        removed++;
      }
    }
    return removed;
  }

  /** The distinct names, in first-added order. */
  public Set<String> keys() {
    return new LinkedHashSet<>(names);
  }

  /** Entries (name-value pairs), counting repeated names once per value. */
  public int size() {
    return names.size();
  }

  public boolean isEmpty() {
    return names.isEmpty();
  }

  /** Adds every entry of {@code other}. */
  public Metadata merge(Metadata other) {
    for (int i = 0; i < other.names.size(); i++) {
      names.add(other.names.get(i));
      values.add(copy(other.values.get(i)));
    }
    return this;
  }

  /** Visits each entry in order. */
  public void forEach(EntryVisitor visitor) {
    for (int i = 0; i < names.size(); i++) {
      Object v = values.get(i);
      if (v instanceof byte[] b) {
        visitor.visit(names.get(i), null, b.clone());
      } else {
        visitor.visit(names.get(i), (String) v, null);
      }
    }
  }

  private static Object copy(Object v) {
    return v instanceof byte[] b ? b.clone() : v;
  }

  private static String validName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("empty metadata key");
    }
    String n = name.toLowerCase(java.util.Locale.ROOT);
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
      if (!ok) {
        throw new IllegalArgumentException("invalid character '" + c + "' in metadata key '" + name
            + "' (gRPC allows 0-9 a-z _ - .)");
      }
    }
    return n;
  }

  private static void checkText(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("metadata '" + name + "' value has character 0x"
            + Integer.toHexString(c) + "; text values are printable ASCII (use a -bin key for bytes)");
      }
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Metadata(");
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Object v = values.get(i);
      sb.append(names.get(i)).append('=').append(v instanceof byte[] b ? Arrays.toString(b) : v);
    }
    return sb.append(')').toString();
  }
}
