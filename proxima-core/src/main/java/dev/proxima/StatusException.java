package dev.proxima;

/**
 * A call that ended with a status other than OK, thrown to code that made a call or that handles
 * one: a handler that throws it ends its call with that status (and trailers).
 */
public class StatusException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Status status;
  private final transient Metadata trailers;

  public StatusException(Status status) {
    this(status, null);
  }

  public StatusException(Status status, Metadata trailers) {
    super(status.toString(), status.cause());
    this.status = status;
    this.trailers = trailers;
  }

  public Status status() {
    return status;
  }

  /** Trailers that came with the status (or go with it), or null. */
  public Metadata trailers() {
    return trailers;
  }
}
