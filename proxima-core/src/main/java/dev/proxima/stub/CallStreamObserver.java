package dev.proxima.stub;

/**
 * The outbound side of a call, with flow control: a sender checks {@link #isReady()} before each
 * {@link #onNext} and resumes from the {@link #setOnReadyHandler on-ready handler}, so it never
 * buffers more than the transport can take.
 *
 * <p>Threading: not thread-safe, like {@link StreamObserver}. The on-ready handler runs on the
 * call's executor, one event at a time with the call's other callbacks.
 *
 * @param <T> the message type this side sends
 */
public interface CallStreamObserver<T> extends StreamObserver<T> {
  /**
   * True while the call can take a message without buffering it. May turn false after any
   * {@link #onNext}; when it turns true again the on-ready handler runs.
   */
  boolean isReady();

  /**
   * Runs {@code handler} each time {@link #isReady()} turns true (it may also run spuriously:
   * check {@link #isReady()} in it). Set it before the call starts (client: in
   * {@link ClientResponseObserver#beforeStart}; server: inside the handler method).
   */
  void setOnReadyHandler(Runnable handler);

  /**
   * Switches inbound flow control to manual: the framework no longer asks for one message after
   * each delivered message; the user calls {@link #request}. Only before the call starts (client)
   * or inside the handler method (server).
   */
  void disableAutoRequest();

  /** Asks for {@code count} more inbound messages (with manual flow control). */
  void request(int count);
}
