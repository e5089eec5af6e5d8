package dev.proxima.stub;

import dev.proxima.ClientCall;
import dev.proxima.Metadata;
import dev.proxima.Status;

/**
 * Feeds a client call's events to a response {@link StreamObserver}: messages to
 * {@link StreamObserver#onNext}, an OK close to {@link StreamObserver#onCompleted}, any other
 * status to {@link StreamObserver#onError} as a {@link dev.proxima.StatusException} with the
 * trailers. For a single-response call, checks that exactly one response came.
 */
final class ResponseObserverListener<Req, Resp> extends ClientCall.Listener<Resp> {
  private final ClientCall<Req, Resp> call;
  private final StreamObserver<Resp> observer;
  private final ClientRequestObserver<Req> requests;
  private final boolean streamingResponse;
  private boolean gotResponse;
  private boolean tooManyResponses;

  ResponseObserverListener(ClientCall<Req, Resp> call, StreamObserver<Resp> observer,
      ClientRequestObserver<Req> requests, boolean streamingResponse) {
    this.call = call;
    this.observer = observer;
    this.requests = requests;
    this.streamingResponse = streamingResponse;
  }

  @Override
  public void onMessage(Resp message) {
    if (tooManyResponses) {
      return;
    }
    if (gotResponse && !streamingResponse) {
      tooManyResponses = true;
      call.cancel("more than one response for a single-response call", null);
      return;
    }
    gotResponse = true;
    observer.onNext(message);
    if (streamingResponse && requests.autoRequest()) {
      call.request(1);
    }
  }

  @Override
  public void onClose(Status status, Metadata trailers) {
    if (tooManyResponses) {
      observer.onError(Status.INTERNAL.withDescription("more than one response for a single-response call")
          .asException(trailers));
    } else if (status.isOk() && !streamingResponse && !gotResponse) {
      observer.onError(Status.INTERNAL.withDescription("no response for a single-response call")
          .asException(trailers));
    } else if (status.isOk()) {
      observer.onCompleted();
    } else {
      observer.onError(status.asException(trailers));
    }
  }

  @Override
  public void onReady() {
    requests.runOnReadyHandler();
  }
}
