package dev.proxima.stub;

import dev.proxima.ClientCall;
import dev.proxima.Metadata;
import dev.proxima.Status;
import java.util.concurrent.CompletableFuture;

/**
 * The future of a unary call and the listener that completes it. Cancelling the future cancels
 * the call; a non-OK status completes it exceptionally with a {@link dev.proxima.StatusException}.
 * Stages derived from it are plain {@link CompletableFuture}s.
 */
final class UnaryResponseFuture<Resp> extends CompletableFuture<Resp> {
  private final ClientCall<?, Resp> call;

  UnaryResponseFuture(ClientCall<?, Resp> call) {
    this.call = call;
  }

  ClientCall.Listener<Resp> listener() {
    return new ClientCall.Listener<>() {
      private Resp response;
      private boolean tooManyResponses;

      @Override
      public void onMessage(Resp message) {
        if (tooManyResponses) {
          return;
        }
        if (response != null) {
          tooManyResponses = true;
          call.cancel("more than one response for a unary call", null);
          return;
        }
        response = message;
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        if (tooManyResponses) {
          completeExceptionally(Status.INTERNAL.withDescription("more than one response for a unary call")
              .asException(trailers));
        } else if (!status.isOk()) {
          completeExceptionally(status.asException(trailers));
        } else if (response == null) {
          completeExceptionally(Status.INTERNAL.withDescription("no response for a unary call")
              .asException(trailers));
        } else {
          complete(response);
        }
      }
    };
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      call.cancel("the caller cancelled the future", null);
    }
    return cancelled;
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }
}
