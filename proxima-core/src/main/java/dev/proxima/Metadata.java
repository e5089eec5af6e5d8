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

  private static final Object[] NO_ENTRIES = {};

  /**
   * Names and values interleaved ({@code name0, value0, name1, value1, ...}): one small array per
   * non-empty instance, none for an empty one (most trailers and many headers are empty).
   */
  private Object[] entries = NO_ENTRIES;
  private int size;

  public Metadata() {}

  /** Adds a value; earlier values for the same key stay. */
  public <T> Metadata put(Key<T> key, T value) {
    Objects.requireNonNull(value, "value");
    Object stored;
    if (key.binary) {
      stored = ((byte[]) value).clone();
    } else {
      checkText(key.name, (String) value);
      stored = value;
    }
    add(key.name, stored);
    return this;
  }

  private void add(String name, Object value) {
    if (2 * size == entries.length) {
      entries = Arrays.copyOf(entries, Math.max(4, 2 * entries.length));
    }
    entries[2 * size] = name;
    entries[2 * size + 1] = value;
    size++;
  }

  private String name(int i) {
    return (String) entries[2 * i];
  }

  private Object value(int i) {
    return entries[2 * i + 1];
  }

  /** The last value added for {@code key}, or null. */
  @SuppressWarnings("unchecked")
  public <T> T get(Key<T> key) {
    for (int i = size - 1; i >= 0; i--) {
      if (name(i).equals(key.name)) {
        return (T) copy(value(i));
      }
    }
    return null;
  }

  /** Every value for {@code key}, in the order added (empty if none). */
  @SuppressWarnings("unchecked")
  public <T> List<T> getAll(Key<T> key) {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      if (name(i).equals(key.name)) {
        out.add((T) copy(value(i)));
      }
    }
    return out;
  }

  public boolean containsKey(Key<?> key) {
    for (int i = 0; i < size; i++) {
      if (name(i).equals(key.name)) {
        return true;
      }
    }
    return false;
  }

  /** Removes every value of {@code key}; returns how many there were. */
  public int removeAll(Key<?> key) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (!name(i).equals(key.name)) {
        entries[2 * kept] = entries[2 * i];
        entries[2 * kept + 1] = entries[2 * i + 1];
        kept++;
      }
    }
    Arrays.fill(entries, 2 * kept, 2 * size, null);
    int removed = size - kept;
    size = kept;
    return removed;
  }

  /** The distinct names, in first-added order. */
  public Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    for (int i = 0; i < size; i++) {
      keys.add(name(i));
    }
    return keys;
  }

  /** Entries (name-value pairs), counting repeated names once per value. */
  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Adds every entry of {@code other}. */
  public Metadata merge(Metadata other) {
    int n = other.size; // other may be this
    for (int i = 0; i < n; i++) {
      add(other.name(i), copy(other.value(i)));
    }
    return this;
  }

  /** Visits each entry in order. */
  public void forEach(EntryVisitor visitor) {
    for (int i = 0; i < size; i++) {
      Object v = value(i);
      if (v instanceof byte[] b) {
        visitor.visit(name(i), null, b.clone());
      } else {
        visitor.visit(name(i), (String) v, null);
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
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Object v = value(i);
      sb.append(name(i)).append('=').append(v instanceof byte[] b ? Arrays.toString(b) : v);
    }
    return sb.append(')').toString();
  }
}
