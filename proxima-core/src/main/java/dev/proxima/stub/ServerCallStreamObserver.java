package dev.proxima.stub;

/**
 * The response side of a server call, as handler methods see it. After the call is cancelled,
 * {@link #onNext} and {@link #onCompleted} throw {@link StatusRuntimeException} (CANCELLED) unless
 * an on-cancel handler was set, in which case they do nothing.
 *
 * <p>Threading: not thread-safe; the on-cancel and on-ready handlers run on the call's executor.
 *
 * @param <T> the response message type
 */
public interface ServerCallStreamObserver<T> extends CallStreamObserver<T> {
  /** True once the client cancelled, the deadline passed or the connection was lost. Any thread. */
  boolean isCancelled();

  /**
   * Runs {@code handler} once if the call is cancelled. Set it inside the handler method. A
   * handler that blocks its thread gets it only after it returns; poll {@link #isCancelled()}
   * (or {@code Context.current()}) meanwhile.
   */
  void setOnCancelHandler(Runnable handler);

  /** Compresses the responses with {@code encoding} ("gzip", "identity") if the client accepts it. */
  void setCompression(String encoding);
}
