package dev.proxima;

/**
 * A client call that passes everything to another: the base for interceptors that change one
 * thing (add headers to {@link #start}, watch the listener) and forward the rest.
 *
 * @param <Req> the request message type
 * @param <Resp> the response message type
 */
public abstract class ForwardingClientCall<Req, Resp> extends ClientCall<Req, Resp> {
  private final ClientCall<Req, Resp> delegate;

  protected ForwardingClientCall(ClientCall<Req, Resp> delegate) {
    this.delegate = delegate;
  }

  /** The call everything is forwarded to. */
  protected final ClientCall<Req, Resp> delegate() {
    return delegate;
  }

  @Override
  public void start(Listener<Resp> listener, Metadata headers) {
    delegate.start(listener, headers);
  }

  @Override
  public void request(int numMessages) {
    delegate.request(numMessages);
  }

  @Override
  public void cancel(String message, Throwable cause) {
    delegate.cancel(message, cause);
  }

  @Override
  public void halfClose() {
    delegate.halfClose();
  }

  @Override
  public void sendMessage(Req message) {
    delegate.sendMessage(message);
  }

  @Override
  public boolean isReady() {
    return delegate.isReady();
  }

  @Override
  public void setMessageCompression(boolean enabled) {
    delegate.setMessageCompression(enabled);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + delegate + "}";
  }
}
