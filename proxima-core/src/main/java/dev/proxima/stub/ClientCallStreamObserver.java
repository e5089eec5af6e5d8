package dev.proxima.stub;

/**
 * The request side of a client call, as the async stubs return it. {@link #onError} cancels the
 * call; {@link #onCompleted} half-closes it. {@link #request} asks for responses.
 *
 * <p>Threading: not thread-safe, except {@link #cancel}, which may be called from any thread.
 *
 * @param <T> the request message type
 */
public interface ClientCallStreamObserver<T> extends CallStreamObserver<T> {
  /**
   * Cancels the call: the server is told and the response observer gets a CANCELLED
   * {@link dev.proxima.StatusException}. Does nothing once the call ended.
   */
  void cancel(String message, Throwable cause);
}
