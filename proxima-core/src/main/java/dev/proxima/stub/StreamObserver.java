package dev.proxima.stub;

/**
 * Receives a stream of messages: any number of {@link #onNext} calls, then exactly one of
 * {@link #onError} or {@link #onCompleted}, after which nothing more may be called.
 *
 * <p>Threading: implementations the framework hands out are not thread-safe; call them from one
 * thread at a time. Observers the user hands to the framework are called one event at a time, in
 * order, never concurrently.
 *
 * @param <T> the message type
 */
public interface StreamObserver<T> {
  /** One more message. */
  void onNext(T value);

  /**
   * The stream ended with an error; nothing follows. The framework delivers call failures as a
   * {@link dev.proxima.StatusException}; a user passing one here chooses the status (and trailers)
   * the peer sees.
   */
  void onError(Throwable t);

  /** The stream ended successfully; nothing follows. */
  void onCompleted();
}
