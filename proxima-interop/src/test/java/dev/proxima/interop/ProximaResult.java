package dev.proxima.interop;

import dev.proxima.ClientCall;
import dev.proxima.Metadata;
import dev.proxima.Status;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Everything one Proxima client call reported: headers, messages, status and trailers. */
final class ProximaResult<T> {
  final List<T> messages = new CopyOnWriteArrayList<>();
  /** The same messages, to take one at a time as they come. */
  final BlockingQueue<T> queue = new LinkedBlockingQueue<>();
  private final CompletableFuture<Status> status = new CompletableFuture<>();
  volatile Metadata headers;
  volatile Metadata trailers;

  /** Starts {@code call}, asking for every response as it comes. */
  static <Q, T> ProximaResult<T> start(ClientCall<Q, T> call, Metadata headers) {
    ProximaResult<T> r = new ProximaResult<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onHeaders(Metadata h) {
        r.headers = h;
      }

      @Override
      public void onMessage(T message) {
        r.messages.add(message);
        r.queue.add(message);
        call.request(1);
      }

      @Override
      public void onClose(Status s, Metadata t) {
        r.trailers = t;
        r.status.complete(s);
      }
    }, headers);
    call.request(1);
    return r;
  }

  /** One request, half-close, collect. */
  static <Q, T> ProximaResult<T> unary(ClientCall<Q, T> call, Q request, Metadata headers) {
    ProximaResult<T> r = start(call, headers);
    call.sendMessage(request);
    call.halfClose();
    return r;
  }

  /** The call's final status, waiting up to 10 s for it. */
  Status await() throws Exception {
    return status.get(10, TimeUnit.SECONDS);
  }
}
