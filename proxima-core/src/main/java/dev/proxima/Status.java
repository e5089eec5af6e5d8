package dev.proxima;

import java.util.Objects;

/**
 * The outcome of a call: one of gRPC's 17 codes, an optional description for people, and an
 * optional cause that stays on this side of the wire. Immutable; {@code with...} methods return a
 * new instance.
 */
public final class Status {
  /** gRPC's status codes, with the numbers that travel in {@code grpc-status}. */
  public enum Code {
    OK(0),
    CANCELLED(1),
    UNKNOWN(2),
    INVALID_ARGUMENT(3),
    DEADLINE_EXCEEDED(4),
    NOT_FOUND(5),
    ALREADY_EXISTS(6),
    PERMISSION_DENIED(7),
    RESOURCE_EXHAUSTED(8),
    FAILED_PRECONDITION(9),
    ABORTED(10),
    OUT_OF_RANGE(11),
    UNIMPLEMENTED(12),
    INTERNAL(13),
    UNAVAILABLE(14),
    DATA_LOSS(15),
    UNAUTHENTICATED(16);

    private static final Code[] BY_VALUE = values();
    private final int value;

    Code(int value) {
      this.value = value;
    }

    /** The number on the wire. */
    public int value() {
      return value;
    }

    /** The code for a wire number; an unknown number is {@link #UNKNOWN} (as gRPC specifies). */
    public static Code of(int value) {
      return value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : UNKNOWN;
    }

    /** A status with this code and no description. */
    public Status toStatus() {
      return STATUSES[ordinal()];
    }
  }

  private static final Status[] STATUSES = new Status[Code.values().length];

  static {
    for (Code c : Code.values()) {
      STATUSES[c.ordinal()] = new Status(c, null, null);
    }
  }

  public static final Status OK = Code.OK.toStatus();
  public static final Status CANCELLED = Code.CANCELLED.toStatus();
  public static final Status UNKNOWN = Code.UNKNOWN.toStatus();
  public static final Status INVALID_ARGUMENT = Code.INVALID_ARGUMENT.toStatus();
  public static final Status DEADLINE_EXCEEDED = Code.DEADLINE_EXCEEDED.toStatus();
  public static final Status NOT_FOUND = Code.NOT_FOUND.toStatus();
  public static final Status ALREADY_EXISTS = Code.ALREADY_EXISTS.toStatus();
  public static final Status PERMISSION_DENIED = Code.PERMISSION_DENIED.toStatus();
  public static final Status RESOURCE_EXHAUSTED = Code.RESOURCE_EXHAUSTED.toStatus();
  public static final Status FAILED_PRECONDITION = Code.FAILED_PRECONDITION.toStatus();
  public static final Status ABORTED = Code.ABORTED.toStatus();
  public static final Status OUT_OF_RANGE = Code.OUT_OF_RANGE.toStatus();
  public static final Status UNIMPLEMENTED = Code.UNIMPLEMENTED.toStatus();
  public static final Status INTERNAL = Code.INTERNAL.toStatus();
  public static final Status UNAVAILABLE = Code.UNAVAILABLE.toStatus();
  public static final Status DATA_LOSS = Code.DATA_LOSS.toStatus();
  public static final Status UNAUTHENTICATED = Code.UNAUTHENTICATED.toStatus();

  private final Code code;
  private final String description;
  private final Throwable cause;

  private Status(Code code, String description, Throwable cause) {
    this.code = Objects.requireNonNull(code, "code");
    this.description = description;
    this.cause = cause;
  }

  /** The status for a {@code grpc-status} number. */
  public static Status fromCodeValue(int value) {
    return Code.of(value).toStatus();
  }

  /**
   * The status a throwable stands for: its own if it is a {@link StatusException} (or has one as a
   * cause), else {@link #UNKNOWN} with it as the cause.
   */
  public static Status fromThrowable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StatusException se) {
        return se.status();
      }
    }
    return UNKNOWN.withCause(t);
  }

  public Code code() {
    return code;
  }

  /** Text for people, or null. Sent to the peer as {@code grpc-message}. */
  public String description() {
    return description;
  }

  /** What caused this status on this side, or null. Never sent to the peer. */
  public Throwable cause() {
    return cause;
  }

  public boolean isOk() {
    return code == Code.OK;
  }

  public Status withDescription(String description) {
    return Objects.equals(this.description, description) ? this : new Status(code, description, cause);
  }

  /** Adds {@code more} to the description, on a new line when there is one already. */
  public Status augmentDescription(String more) {
    if (more == null) {
      return this;
    }
    return withDescription(description == null ? more : description + "\n" + more);
  }

  public Status withCause(Throwable cause) {
    return this.cause == cause ? this : new Status(code, description, cause);
  }

  /** This status as a checked exception to throw. */
  public StatusException asException() {
    return new StatusException(this, null);
  }

  /** This status as a checked exception carrying {@code trailers}. */
  public StatusException asException(Metadata trailers) {
    return new StatusException(this, trailers);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Status s && s.code == code && Objects.equals(s.description, description)
        && s.cause == cause;
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, description);
  }

  @Override
  public String toString() {
    return description == null ? code.name() : code + ": " + description;
  }
}
