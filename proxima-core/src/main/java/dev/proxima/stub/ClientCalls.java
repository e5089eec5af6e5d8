package dev.proxima.stub;

import dev.proxima.CallOptions;
import dev.proxima.Channel;
import dev.proxima.ClientCall;
import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;
import dev.proxima.Status;
import dev.proxima.StatusException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Client calls of the four kinds in three styles — blocking, future and observer — built on
 * {@link Channel#newCall}. Request headers come from interceptors; deadline, executor and the rest
 * from {@link CallOptions}.
 *
 * <p>Failures are {@link StatusException}s carrying the status and the server's trailers (or
 * {@link StatusRuntimeException} where a checked exception can't be thrown). Blocking methods park
 * with {@code java.util.concurrent} and are fine on virtual threads.
 */
public final class ClientCalls {
  private ClientCalls() {}

  // ---------------------------------------------------------------- blocking

  /**
   * Makes a unary call and waits for its response.
   *
   * @throws StatusException the call's non-OK status and trailers; CANCELLED if the thread is
   *     interrupted while waiting (the call is cancelled and the interrupt flag set again)
   */
  public static <Req, Resp> Resp blockingUnaryCall(Channel channel, MethodDescriptor<Req, Resp> method,
      CallOptions options, Req request) throws StatusException {
    CompletableFuture<Resp> future = futureUnaryCall(channel, method, options, request);
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new StatusException(Status.CANCELLED.withDescription("interrupted while waiting for the response")
          .withCause(e));
    } catch (ExecutionException e) {
      throw rethrown(e.getCause());
    }
  }

  /**
   * Makes a server-streaming call whose responses are read by blocking, one requested at a time.
   * Close the iterator to cancel the call early.
   */
  public static <Req, Resp> BlockingIterator<Resp> blockingServerStreamingCall(Channel channel,
      MethodDescriptor<Req, Resp> method, CallOptions options, Req request) {
    ClientCall<Req, Resp> call = channel.newCall(method, options);
    ServerStreamIterator<Resp> iterator = new ServerStreamIterator<>(call);
    call.start(iterator.listener(), new Metadata());
    call.request(1);
    sendOnly(call, request);
    return iterator;
  }

  /**
   * Starts a client-streaming call used by blocking: {@link BlockingStream#write} the requests,
   * {@link BlockingStream#halfClose}, then {@link BlockingStream#read} the single response.
   */
  public static <Req, Resp> BlockingStream<Req, Resp> blockingClientStreamingCall(Channel channel,
      MethodDescriptor<Req, Resp> method, CallOptions options) {
    return startBlockingStream(channel, method, options);
  }

  /** Starts a bidi-streaming call used by blocking, typically from two virtual threads. */
  public static <Req, Resp> BlockingStream<Req, Resp> blockingBidiStreamingCall(Channel channel,
      MethodDescriptor<Req, Resp> method, CallOptions options) {
    return startBlockingStream(channel, method, options);
  }

  private static <Req, Resp> BlockingStream<Req, Resp> startBlockingStream(Channel channel,
      MethodDescriptor<Req, Resp> method, CallOptions options) {
    ClientCall<Req, Resp> call = channel.newCall(method, options);
    BlockingStream<Req, Resp> stream = new BlockingStream<>(call);
    call.start(stream.listener(), new Metadata());
    stream.request(1);
    return stream;
  }

  // ---------------------------------------------------------------- future

  /**
   * Makes a unary call. The future completes with the response, or exceptionally with a
   * {@link StatusException}; cancelling it cancels the call.
   */
  public static <Req, Resp> CompletableFuture<Resp> futureUnaryCall(Channel channel,
      MethodDescriptor<Req, Resp> method, CallOptions options, Req request) {
    ClientCall<Req, Resp> call = channel.newCall(method, options);
    UnaryResponseFuture<Resp> future = new UnaryResponseFuture<>(call);
    call.start(future.listener(), new Metadata());
    call.request(2);
    sendOnly(call, request);
    return future;
  }

  // ---------------------------------------------------------------- observers

  /**
   * Makes a unary call; the response and the outcome go to {@code responses}, on the call's
   * executor. A {@link ClientResponseObserver} gets the request side first.
   */
  public static <Req, Resp> void asyncUnaryCall(Channel channel, MethodDescriptor<Req, Resp> method,
      CallOptions options, Req request, StreamObserver<Resp> responses) {
    ClientCall<Req, Resp> call = channel.newCall(method, options);
    startObserved(call, responses, false);
    sendOnly(call, request);
  }

  /** Makes a server-streaming call; the responses go to {@code responses}. */
  public static <Req, Resp> void asyncServerStreamingCall(Channel channel, MethodDescriptor<Req, Resp> method,
      CallOptions options, Req request, StreamObserver<Resp> responses) {
    ClientCall<Req, Resp> call = channel.newCall(method, options);
    startObserved(call, responses, true);
    sendOnly(call, request);
  }

  /**
   * Starts a client-streaming call. The returned observer (a {@link ClientCallStreamObserver})
   * sends the requests; its {@code onCompleted} half-closes, its {@code onError} cancels.
   */
  public static <Req, Resp> ClientCallStreamObserver<Req> asyncClientStreamingCall(Channel channel,
      MethodDescriptor<Req, Resp> method, CallOptions options, StreamObserver<Resp> responses) {
    return startObserved(channel.newCall(method, options), responses, false);
  }

  /** Starts a bidi-streaming call; see {@link #asyncClientStreamingCall}. */
  public static <Req, Resp> ClientCallStreamObserver<Req> asyncBidiStreamingCall(Channel channel,
      MethodDescriptor<Req, Resp> method, CallOptions options, StreamObserver<Resp> responses) {
    return startObserved(channel.newCall(method, options), responses, true);
  }

  private static <Req, Resp> ClientCallStreamObserver<Req> startObserved(ClientCall<Req, Resp> call,
      StreamObserver<Resp> responses, boolean streamingResponse) {
    ClientRequestObserver<Req> requests = new ClientRequestObserver<>(call);
    if (responses instanceof ClientResponseObserver<?, ?>) {
      @SuppressWarnings("unchecked")
      ClientResponseObserver<Req, Resp> observer = (ClientResponseObserver<Req, Resp>) responses;
      observer.beforeStart(requests);
    }
    requests.freeze();
    call.start(new ResponseObserverListener<>(call, responses, requests, streamingResponse), new Metadata());
    if (requests.autoRequest()) {
      // Two for a single response, so that a server sending a second one is noticed.
      call.request(streamingResponse ? 1 : 2);
    }
    return requests;
  }

  /** Sends the one request and half-closes; on a local failure cancels the call and rethrows. */
  private static <Req> void sendOnly(ClientCall<Req, ?> call, Req request) {
    try {
      call.sendMessage(request);
      call.halfClose();
    } catch (RuntimeException | Error e) {
      call.cancel("failed to send the request", e);
      throw e;
    }
  }

  /** The failure of a call as a StatusException thrown on the caller's stack. */
  private static StatusException rethrown(Throwable t) {
    if (t instanceof StatusException se) {
      return new StatusException(se.status(), se.trailers());
    }
    if (t instanceof CancellationException) {
      return new StatusException(Status.CANCELLED.withDescription("the call was cancelled").withCause(t));
    }
    return new StatusException(Status.fromThrowable(t));
  }
}
