package dev.proxima;

/**
 * One call from the client's side, at the lowest level the API offers: the user starts it with a
 * {@link Listener}, sends messages, half-closes, asks for responses with {@link #request}, and
 * learns the outcome in {@link Listener#onClose}. Stubs are built on it.
 *
 * <p>Threading: the methods are not thread-safe; call them from one thread at a time (any thread).
 * Listener methods are called one at a time, in order, on the call's executor, never while a
 * framework lock is held.
 *
 * @param <Req> the request message type
 * @param <Resp> the response message type
 */
public abstract class ClientCall<Req, Resp> {
  /**
   * What a client call tells its user. Every method has an empty default.
   *
   * @param <T> the response message type
   */
  public abstract static class Listener<T> {
    /** The server's response headers arrived. */
    public void onHeaders(Metadata headers) {}

    /** A response message arrived (one per {@link #request} unit). */
    public void onMessage(T message) {}

    /**
     * The call is over: {@code status} says how, {@code trailers} carries the server's trailing
     * metadata. Called exactly once; nothing follows it.
     */
    public void onClose(Status status, Metadata trailers) {}

    /** {@link #isReady()} turned true: the call can take more messages without buffering. */
    public void onReady() {}
  }

  /** Starts the call with {@code headers} as the request metadata. Called once, first. */
  public abstract void start(Listener<Resp> listener, Metadata headers);

  /** Asks for {@code numMessages} more response messages (manual flow control). */
  public abstract void request(int numMessages);

  /**
   * Cancels the call: the stream is reset, the server is told, and the listener's
   * {@code onClose} gets CANCELLED with {@code message}. Safe at any time, also before
   * {@link #start} and after the call ended (then it does nothing).
   */
  public abstract void cancel(String message, Throwable cause);

  /** Sends no more messages. */
  public abstract void halfClose();

  /** Sends one request message. */
  public abstract void sendMessage(Req message);

  /**
   * True while the transport can take a message without buffering it: a streaming sender that
   * checks this before each {@link #sendMessage} never fills memory.
   */
  public boolean isReady() {
    return true;
  }

  /** Turns compression of the messages that follow off (or back on, when the call has one). */
  public void setMessageCompression(boolean enabled) {}
}
