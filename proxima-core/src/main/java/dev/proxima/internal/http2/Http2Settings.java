package dev.proxima.internal.http2;

import java.util.Arrays;

/**
 * A set of SETTINGS parameters (RFC 9113 §6.5.2): the ones a SETTINGS frame carries, or the ones
 * in force for one side of a connection. Parameters not set are absent, and the typed getters
 * answer the RFC's initial value for them.
 *
 * <p>Only the six parameters of RFC 9113 §6.5.2 are kept: a reader ignores unknown ones (as the
 * RFC requires) and {@link #set} refuses them. Not thread-safe.
 */
public final class Http2Settings {
  public static final int HEADER_TABLE_SIZE = 1;
  public static final int ENABLE_PUSH = 2;
  public static final int MAX_CONCURRENT_STREAMS = 3;
  public static final int INITIAL_WINDOW_SIZE = 4;
  public static final int MAX_FRAME_SIZE = 5;
  public static final int MAX_HEADER_LIST_SIZE = 6;

  public static final int DEFAULT_HEADER_TABLE_SIZE = 4096;
  public static final int DEFAULT_INITIAL_WINDOW_SIZE = 65535;
  public static final int DEFAULT_MAX_FRAME_SIZE = 16384;
  public static final int MAX_WINDOW_SIZE = Integer.MAX_VALUE;
  public static final int MAX_MAX_FRAME_SIZE = (1 << 24) - 1;

  /** Setting values are unsigned 32-bit integers on the wire. */
  private static final long MAX_VALUE = 0xffff_ffffL;

  private static final int MAX_ID = MAX_HEADER_LIST_SIZE;

  /**
   * Indexed by id; only meaningful where the bit for the id is set in {@link #setMask}. Made at the
   * first {@link #set}: an empty SETTINGS frame (an ACK) carries none.
   */
  private long[] values;
  private int setMask;
  /** True only for {@link #NONE}, which is shared. */
  private final boolean readOnly;

  /**
   * No parameters, and none can be set: what an empty SETTINGS frame (every ACK, and many a first
   * SETTINGS) carries, without a new object per frame.
   */
  public static final Http2Settings NONE = new Http2Settings(true);

  /** No parameters set yet. */
  public Http2Settings() {
    this(false);
  }

  private Http2Settings(boolean readOnly) {
    this.readOnly = readOnly;
  }

  /** Receives the set parameters in id order; see {@link #forEach}. */
  @FunctionalInterface
  public interface Visitor {
    void accept(int id, long value);
  }

  /** True for the ids RFC 9113 §6.5.2 defines. */
  public static boolean isKnown(int id) {
    return id >= HEADER_TABLE_SIZE && id <= MAX_ID;
  }

  /**
   * Sets parameter {@code id} to {@code value}.
   *
   * @throws IllegalArgumentException if the id is unknown or the value breaks RFC 9113 §6.5.2
   */
  public Http2Settings set(int id, long value) {
    if (!isKnown(id)) {
      throw new IllegalArgumentException("unknown setting id " + id + " (RFC 9113 §6.5.2)");
    }
    String violation = violation(id, value);
    if (violation != null) {
      throw new IllegalArgumentException(violation);
    }
    values()[id] = value;
    setMask |= 1 << id;
    return this;
  }

  /**
   * Why {@code value} is not allowed for known parameter {@code id}, or null when it is. Shared by
   * {@link #set} and the frame reader, which turns it into the error code RFC 9113 §6.5.2 names.
   */
  static String violation(int id, long value) {
    if (value < 0 || value > MAX_VALUE) {
      return "setting " + name(id) + " = " + value + " is not an unsigned 32-bit value (RFC 9113 §6.5.1)";
    }
    return switch (id) {
      case ENABLE_PUSH -> value == 0 || value == 1
          ? null
          : "SETTINGS_ENABLE_PUSH = " + value + " is neither 0 nor 1 (RFC 9113 §6.5.2)";
      case INITIAL_WINDOW_SIZE -> value <= MAX_WINDOW_SIZE
          ? null
          : "SETTINGS_INITIAL_WINDOW_SIZE = " + value + " is above 2^31-1 (RFC 9113 §6.5.2)";
      case MAX_FRAME_SIZE -> value >= DEFAULT_MAX_FRAME_SIZE && value <= MAX_MAX_FRAME_SIZE
          ? null
          : "SETTINGS_MAX_FRAME_SIZE = " + value + " is outside [2^14, 2^24-1] (RFC 9113 §6.5.2)";
      default -> null;
    };
  }

  private long[] values() {
    if (readOnly) {
      throw new UnsupportedOperationException("Http2Settings.NONE cannot be changed");
    }
    if (values == null) {
      values = new long[MAX_ID + 1];
    }
    return values;
  }

  public boolean isSet(int id) {
    return isKnown(id) && (setMask & (1 << id)) != 0;
  }

  /**
   * The value of parameter {@code id}.
   *
   * @throws IllegalStateException if it is not set
   */
  public long get(int id) {
    if (!isSet(id)) {
      throw new IllegalStateException("setting " + name(id) + " is not set");
    }
    return values[id];
  }

  public long getOrDefault(int id, long dflt) {
    return isSet(id) ? values[id] : dflt;
  }

  /** SETTINGS_HEADER_TABLE_SIZE; 4096 when unset. */
  public long headerTableSize() {
    return getOrDefault(HEADER_TABLE_SIZE, DEFAULT_HEADER_TABLE_SIZE);
  }

  /** SETTINGS_ENABLE_PUSH; true when unset. */
  public boolean enablePush() {
    return getOrDefault(ENABLE_PUSH, 1) == 1;
  }

  /** SETTINGS_MAX_CONCURRENT_STREAMS; {@link Long#MAX_VALUE} (unlimited) when unset. */
  public long maxConcurrentStreams() {
    return getOrDefault(MAX_CONCURRENT_STREAMS, Long.MAX_VALUE);
  }

  /** SETTINGS_INITIAL_WINDOW_SIZE; 65535 when unset. Never above 2^31-1. */
  public int initialWindowSize() {
    return (int) getOrDefault(INITIAL_WINDOW_SIZE, DEFAULT_INITIAL_WINDOW_SIZE);
  }

  /** SETTINGS_MAX_FRAME_SIZE; 16384 when unset. */
  public int maxFrameSize() {
    return (int) getOrDefault(MAX_FRAME_SIZE, DEFAULT_MAX_FRAME_SIZE);
  }

  /** SETTINGS_MAX_HEADER_LIST_SIZE; {@link Long#MAX_VALUE} (unlimited) when unset. */
  public long maxHeaderListSize() {
    return getOrDefault(MAX_HEADER_LIST_SIZE, Long.MAX_VALUE);
  }

  /**
   * Applies the parameters set in {@code other}, leaving the others as they are: how a received
   * SETTINGS frame updates the values in force (RFC 9113 §6.5.3).
   */
  public void merge(Http2Settings other) {
    for (int id = HEADER_TABLE_SIZE; id <= MAX_ID; id++) {
      if (other.isSet(id)) {
        values()[id] = other.values[id];
        setMask |= 1 << id;
      }
    }
  }

  /** How many parameters are set. */
  public int count() {
    return Integer.bitCount(setMask);
  }

  public boolean isEmpty() {
    return setMask == 0;
  }

  /** Calls {@code visitor} for each set parameter in increasing id order. */
  public void forEach(Visitor visitor) {
    for (int id = HEADER_TABLE_SIZE; id <= MAX_ID; id++) {
      if (isSet(id)) {
        visitor.accept(id, values[id]);
      }
    }
  }

  /** The RFC name of parameter {@code id}, e.g. {@code SETTINGS_MAX_FRAME_SIZE}. */
  public static String name(int id) {
    return switch (id) {
      case HEADER_TABLE_SIZE -> "SETTINGS_HEADER_TABLE_SIZE";
      case ENABLE_PUSH -> "SETTINGS_ENABLE_PUSH";
      case MAX_CONCURRENT_STREAMS -> "SETTINGS_MAX_CONCURRENT_STREAMS";
      case INITIAL_WINDOW_SIZE -> "SETTINGS_INITIAL_WINDOW_SIZE";
      case MAX_FRAME_SIZE -> "SETTINGS_MAX_FRAME_SIZE";
      case MAX_HEADER_LIST_SIZE -> "SETTINGS_MAX_HEADER_LIST_SIZE";
      default -> "0x" + Integer.toHexString(id);
    };
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Http2Settings other) || other.setMask != setMask) {
      return false;
    }
    for (int id = HEADER_TABLE_SIZE; id <= MAX_ID; id++) {
      if (isSet(id) && values[id] != other.values[id]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    long[] masked = new long[MAX_ID + 1];
    for (int id = HEADER_TABLE_SIZE; id <= MAX_ID; id++) {
      masked[id] = isSet(id) ? values[id] : 0;
    }
    return 31 * setMask + Arrays.hashCode(masked);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("{");
    forEach((id, value) -> {
      if (s.length() > 1) {
        s.append(", ");
      }
      s.append(name(id)).append('=').append(value);
    });
    return s.append('}').toString();
  }
}
