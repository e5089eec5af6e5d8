package dev.proxima;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * How to make one call: its deadline, compression, whether to wait for the channel to be ready,
 * message size limits, where its callbacks run, its priority, and custom options keyed by {@link
 * Key}. Immutable: every {@code with...} method returns a new instance and leaves this one as it
 * was.
 */
public final class CallOptions {
  /**
   * The name of a custom option. Keys are compared by identity; the name is for debugging only.
   *
   * @param <T> the type of the option's value
   */
  public static final class Key<T> {
    private final String name;
    private final T defaultValue;

    private Key(String name, T defaultValue) {
      this.name = Objects.requireNonNull(name, "name");
      this.defaultValue = defaultValue;
    }

    /** A new key whose option is null where not set. */
    public static <T> Key<T> create(String name) {
      return new Key<>(name, null);
    }

    /** A new key whose option is {@code dflt} where not set. */
    public static <T> Key<T> createWithDefault(String name, T dflt) {
      return new Key<>(name, dflt);
    }

    /** The value where none is set. */
    public T defaultValue() {
      return defaultValue;
    }

    /** The name given when the key was made. */
    @Override
    public String toString() {
      return name;
    }
  }

  /** No deadline, no compression, fail fast, no size limits, the channel's executor, priority 0. */
  public static final CallOptions DEFAULT =
      new CallOptions(null, null, false, null, null, null, 0, new Object[0]);

  private final Deadline deadline;
  private final String compression;
  private final boolean waitForReady;
  private final Integer maxInboundMessageSize;
  private final Integer maxOutboundMessageSize;
  private final Executor executor;
  private final int priority;
  /** Custom options: key, value, key, value... in the order first set. */
  private final Object[] options;

  private CallOptions(
      Deadline deadline,
      String compression,
      boolean waitForReady,
      Integer maxInboundMessageSize,
      Integer maxOutboundMessageSize,
      Executor executor,
      int priority,
      Object[] options) {
    this.deadline = deadline;
    this.compression = compression;
    this.waitForReady = waitForReady;
    this.maxInboundMessageSize = maxInboundMessageSize;
    this.maxOutboundMessageSize = maxOutboundMessageSize;
    this.executor = executor;
    this.priority = priority;
    this.options = options;
  }
  /** The fields of a call options value, set one by one while a with-method makes its copy. */
  private static final class Fields {
    Deadline deadline;
    String compression;
    boolean waitForReady;
    Integer maxInboundMessageSize;
    Integer maxOutboundMessageSize;
    Executor executor;
    int priority;
    Object[] options;
  }

  /** A copy of this with what {@code change} sets. */
  private CallOptions copy(java.util.function.Consumer<Fields> change) {
    Fields c = new Fields();
    c.deadline = deadline;
    c.compression = compression;
    c.waitForReady = waitForReady;
    c.maxInboundMessageSize = maxInboundMessageSize;
    c.maxOutboundMessageSize = maxOutboundMessageSize;
    c.executor = executor;
    c.priority = priority;
    c.options = options;
    change.accept(c);
    return new CallOptions(c.deadline, c.compression, c.waitForReady, c.maxInboundMessageSize,
        c.maxOutboundMessageSize, c.executor, c.priority, c.options);
  }


  /** The deadline by which the call must finish, or null for none. */
  public Deadline deadline() {
    return deadline;
  }

  /** A copy with {@code deadline} (null: none). */
  public CallOptions withDeadline(Deadline deadline) {
    return copy(c -> c.deadline = deadline);
  }

  /** A copy with the deadline {@code duration} from now. */
  public CallOptions withDeadlineAfter(long duration, TimeUnit unit) {
    return withDeadline(Deadline.after(duration, unit));
  }

  /** A copy with the deadline {@code duration} from now. */
  public CallOptions withDeadlineAfter(Duration duration) {
    return withDeadline(Deadline.after(duration));
  }

  /** The name of the compression for messages sent (as {@code "gzip"}), or null for none. */
  public String compression() {
    return compression;
  }

  /** A copy that compresses messages sent with {@code encoding} (null: none). */
  public CallOptions withCompression(String encoding) {
    return copy(c -> c.compression = encoding);
  }

  /**
   * Whether the call waits for the channel to be ready (until its deadline) rather than failing at
   * once with UNAVAILABLE while it is not. False by default.
   */
  public boolean isWaitForReady() {
    return waitForReady;
  }

  /** A copy that waits for the channel to be ready. */
  public CallOptions withWaitForReady() {
    return withWaitForReady(true);
  }

  /** A copy that fails fast when the channel is not ready. */
  public CallOptions withoutWaitForReady() {
    return withWaitForReady(false);
  }

  private CallOptions withWaitForReady(boolean wait) {
    return copy(c -> c.waitForReady = wait);
  }

  /** The largest message, in bytes, the call accepts from the peer, or null for the channel's. */
  public Integer maxInboundMessageSize() {
    return maxInboundMessageSize;
  }

  /** A copy that accepts messages of at most {@code bytes} (not negative) from the peer. */
  public CallOptions withMaxInboundMessageSize(int bytes) {
    return copy(c -> c.maxInboundMessageSize = checkSize(bytes));
  }

  /** The largest message, in bytes, the call may send, or null for the channel's. */
  public Integer maxOutboundMessageSize() {
    return maxOutboundMessageSize;
  }

  /** A copy that sends messages of at most {@code bytes} (not negative). */
  public CallOptions withMaxOutboundMessageSize(int bytes) {
    return copy(c -> c.maxOutboundMessageSize = checkSize(bytes));
  }

  /** Where the call's listener callbacks run, or null for the channel's default executor. */
  public Executor executor() {
    return executor;
  }

  /** A copy whose listener callbacks run on {@code e} (null: the channel's default). */
  public CallOptions withExecutor(Executor e) {
    return copy(c -> c.executor = e);
  }

  /** The caller's priority for this call; 0 by default. Reserved: not acted upon yet. */
  public int priority() {
    return priority;
  }

  /** A copy with {@code priority}. */
  public CallOptions withPriority(int priority) {
    return copy(c -> c.priority = priority);
  }

  /** A copy with the custom option {@code key} set to {@code value}, replacing any earlier value. */
  public <T> CallOptions withOption(Key<T> key, T value) {
    Objects.requireNonNull(key, "key");
    Object[] next;
    int i = indexOf(key);
    if (i >= 0) {
      next = options.clone();
    } else {
      next = Arrays.copyOf(options, options.length + 2);
      i = options.length;
      next[i] = key;
    }
    next[i + 1] = value;
    return copy(c -> c.options = next);
  }

  /** The custom option {@code key}: its value if set (even to null), else the key's default. */
  @SuppressWarnings("unchecked")
  public <T> T option(Key<T> key) {
    int i = indexOf(key);
    return i >= 0 ? (T) options[i + 1] : key.defaultValue;
  }

  /** The options that differ from {@link #DEFAULT}, for debugging. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("CallOptions{");
    String sep = "";
    if (deadline != null) {
      sb.append(sep).append("deadline=").append(deadline);
      sep = ", ";
    }
    if (compression != null) {
      sb.append(sep).append("compression=").append(compression);
      sep = ", ";
    }
    if (waitForReady) {
      sb.append(sep).append("waitForReady");
      sep = ", ";
    }
    if (maxInboundMessageSize != null) {
      sb.append(sep).append("maxInboundMessageSize=").append(maxInboundMessageSize);
      sep = ", ";
    }
    if (maxOutboundMessageSize != null) {
      sb.append(sep).append("maxOutboundMessageSize=").append(maxOutboundMessageSize);
      sep = ", ";
    }
    if (executor != null) {
      sb.append(sep).append("executor=").append(executor);
      sep = ", ";
    }
    if (priority != 0) {
      sb.append(sep).append("priority=").append(priority);
      sep = ", ";
    }
    for (int i = 0; i < options.length; i += 2) {
      sb.append(sep).append(options[i]).append('=').append(options[i + 1]);
      sep = ", ";
    }
    return sb.append('}').toString();
  }

  private int indexOf(Key<?> key) {
    for (int i = 0; i < options.length; i += 2) {
      if (options[i] == key) {
        return i;
      }
    }
    return -1;
  }

  private static Integer checkSize(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("message size must not be negative: " + bytes);
    }
    return bytes;
  }
}
