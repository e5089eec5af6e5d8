package dev.proxima.stub;

/**
 * A response observer that also sees the request side before the call starts, to set an on-ready
 * handler or {@link CallStreamObserver#disableAutoRequest()}.
 *
 * @param <Req> the request message type
 * @param <Resp> the response message type
 */
public interface ClientResponseObserver<Req, Resp> extends StreamObserver<Resp> {
  /**
   * Called once, on the thread making the call, before it starts. {@code requests} may be kept to
   * cancel the call or send on it later; don't send from inside this method.
   */
  void beforeStart(ClientCallStreamObserver<Req> requests);
}
