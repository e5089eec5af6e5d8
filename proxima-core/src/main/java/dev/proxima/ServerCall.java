package dev.proxima;

/**
 * One call from the server's side: the handler reads requests through its {@link Listener},
 * answers with {@link #sendHeaders}, {@link #sendMessage} and {@link #close}.
 *
 * <p>Threading: the methods are not thread-safe; call them from one thread at a time (any thread).
 * Listener methods are called one at a time, in order, on the service's executor.
 *
 * @param <Req> the request message type
 * @param <Resp> the response message type
 */
public abstract class ServerCall<Req, Resp> {
  /**
   * What a server call tells its handler. Every method has an empty default.
   *
   * @param <Req> the request message type
   */
  public abstract static class Listener<Req> {
    /** A request message arrived (one per {@link #request} unit). */
    public void onMessage(Req message) {}

    /** The client sends no more messages. */
    public void onHalfClose() {}

    /**
     * The call was cancelled (client cancel, deadline, connection lost) before it completed; its
     * {@link Context} is cancelled too. Nothing follows it.
     */
    public void onCancel() {}

    /** The status was sent: the call completed. Nothing follows it. */
    public void onComplete() {}

    /** {@link #isReady()} turned true. */
    public void onReady() {}
  }

  /** Asks for {@code numMessages} more request messages. */
  public abstract void request(int numMessages);

  /** Sends the response headers; optional (sent with the first message or the status otherwise). */
  public abstract void sendHeaders(Metadata headers);

  /** Sends one response message. */
  public abstract void sendMessage(Resp message);

  /** Ends the call with {@code status} and {@code trailers}. Called once; nothing may follow. */
  public abstract void close(Status status, Metadata trailers);

  /** True once the call was cancelled. */
  public abstract boolean isCancelled();

  /** True while the transport can take a message without buffering it. */
  public boolean isReady() {
    return true;
  }

  /** Compresses the response messages with {@code encoding} ("gzip", "identity"), if the client accepts it. */
  public void setCompression(String encoding) {}

  /** Turns compression of the messages that follow off (or back on). */
  public void setMessageCompression(boolean enabled) {}

  /**
   * Whether the request message being delivered to {@link Listener#onMessage} (the latest one)
   * arrived compressed on the wire (Compressed-Flag 1), before it was decompressed for the handler.
   * Meaningful inside {@code onMessage} (on the listener's thread); false before any message. Lets a
   * server check a client's compression, as the interop tests' {@code expect_compressed} does.
   */
  public boolean isMessageCompressed() {
    return false;
  }

  /** The method being called. */
  public abstract MethodDescriptor<Req, Resp> methodDescriptor();

  /** The {@code :authority} the client asked for, or null. */
  public String authority() {
    return null;
  }
}
