package dev.proxima.benchmarks;

import dev.proxima.stub.ServerCallStreamObserver;
import io.grpc.benchmarks.proto.Messages.SimpleResponse;

/**
 * Sends one response over and over while the stream is ready, and resumes from the on-ready
 * handler: never blocks, so it can run on the event loop. Stops when the call is cancelled or
 * {@link #stop()} is called.
 */
final class FlowControlledSender {
  private final ServerCallStreamObserver<SimpleResponse> responses;
  private final SimpleResponse response;
  private volatile boolean stopped;

  FlowControlledSender(ServerCallStreamObserver<SimpleResponse> responses, SimpleResponse response) {
    this.responses = responses;
    this.response = response;
  }

  void start() {
    responses.setOnCancelHandler(this::stop);
    responses.setOnReadyHandler(this::drain);
    drain();
  }

  void stop() {
    stopped = true;
  }

  private void drain() {
    while (!stopped && !responses.isCancelled() && responses.isReady()) {
      responses.onNext(response);
    }
  }
}
