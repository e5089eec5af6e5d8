package dev.proxima.stub;

import dev.proxima.Metadata;
import dev.proxima.Status;
import dev.proxima.StatusException;

/**
 * A call's non-OK status, unchecked: thrown where a checked {@link StatusException} can't be, such
 * as {@link java.util.Iterator#next()}.
 */
public final class StatusRuntimeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Status status;
  private final transient Metadata trailers;

  public StatusRuntimeException(Status status, Metadata trailers) {
    super(status.toString(), status.cause());
    this.status = status;
    this.trailers = trailers;
  }

  public Status status() {
    return status;
  }

  /** The trailers that came with the status, or null. */
  public Metadata trailers() {
    return trailers;
  }

  /** The same status and trailers as a checked exception. */
  public StatusException toStatusException() {
    return new StatusException(status, trailers);
  }
}
