package dev.proxima.internal.grpc;

/**
 * The {@code grpc-timeout} header value (PROTOCOL-HTTP2, "Requests": Timeout → TimeoutValue
 * TimeoutUnit): a positive integer of at most 8 ASCII digits followed by one unit letter, {@code
 * H} hours, {@code M} minutes, {@code S} seconds, {@code m} milliseconds, {@code u} microseconds,
 * {@code n} nanoseconds.
 */
public final class GrpcTimeout {
  /** Eight digits: values must stay below this. */
  private static final long LIMIT = 100_000_000L;

  private static final char[] UNITS = {'n', 'u', 'm', 'S', 'M', 'H'};
  private static final long[] UNIT_NANOS = {
    1L, 1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L
  };

  private GrpcTimeout() {}

  /**
   * The header value for a remaining time, in the finest unit whose value fits in 8 digits, so
   * precision is lost only when it must be.
   *
   * <p>Converting to a coarser unit rounds <em>down</em>: the peer never sees more time than we
   * have, so a server gives up no later than its client does. The loss is under one part in
   * 10^5 (a value is only moved to a coarser unit when it is at least 10^8 of the finer one).
   *
   * <p>{@code nanos <= 0} (a deadline already passed) encodes as {@code "1n"}: the grammar asks
   * for a positive value, and one nanosecond expires on arrival, which is what the caller
   * means. Callers may prefer to fail such a call with DEADLINE_EXCEEDED without sending it.
   */
  public static String encode(long nanos) {
    if (nanos <= 0) {
      return "1n";
    }
    long value = nanos;
    int unit = 0;
    while (true) {
      if (value < LIMIT) {
        return Long.toString(value) + UNITS[unit];
      }
      // The coarsest unit (hours) always fits: Long.MAX_VALUE nanos is about 2.6 million hours.
      unit++;
      value = nanos / UNIT_NANOS[unit];
    }
  }

  /**
   * The time a header value stands for, in nanoseconds, saturated at {@link Long#MAX_VALUE}
   * (8 digits of hours is more than a long holds). {@code 0} with any unit is accepted as zero:
   * the grammar asks for a positive value, but an expired deadline is the sender's meaning.
   *
   * @throws IllegalArgumentException when the value does not follow the grammar; the message
   *     quotes the value and the rule
   */
  public static long decode(String value) {
    if (value == null || value.length() < 2 || value.length() > 9) {
      throw malformed(value);
    }
    int last = value.length() - 1;
    int unit = unitIndex(value.charAt(last));
    if (unit < 0) {
      throw malformed(value);
    }
    long number = 0;
    for (int i = 0; i < last; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw malformed(value);
      }
      number = number * 10 + (c - '0');
    }
    long unitNanos = UNIT_NANOS[unit];
    return number > Long.MAX_VALUE / unitNanos ? Long.MAX_VALUE : number * unitNanos;
  }

  private static int unitIndex(char c) {
    for (int i = 0; i < UNITS.length; i++) {
      if (UNITS[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static IllegalArgumentException malformed(String value) {
    return new IllegalArgumentException("grpc-timeout '" + value + "' is malformed: expected 1-8"
        + " digits and a unit H/M/S/m/u/n (gRPC PROTOCOL-HTTP2)");
  }
}
