package dev.proxima.stub;

import dev.proxima.ClientCall;

/**
 * The request side of an async client call: turns observer calls into {@link ClientCall} calls.
 * Settings made in {@link ClientResponseObserver#beforeStart} are frozen when the call starts.
 */
final class ClientRequestObserver<Req> implements ClientCallStreamObserver<Req> {
  private final ClientCall<Req, ?> call;
  private volatile Runnable onReadyHandler;
  private volatile boolean autoRequest = true;
  private boolean frozen;
  private boolean completed;
  private boolean aborted;

  ClientRequestObserver(ClientCall<Req, ?> call) {
    this.call = call;
  }

  void freeze() {
    frozen = true;
  }

  boolean autoRequest() {
    return autoRequest;
  }

  void runOnReadyHandler() {
    Runnable handler = onReadyHandler;
    if (handler != null) {
      handler.run();
    }
  }

  @Override
  public void onNext(Req value) {
    if (completed || aborted) {
      throw new IllegalStateException("onNext after " + (completed ? "onCompleted" : "onError"));
    }
    call.sendMessage(value);
  }

  @Override
  public void onError(Throwable t) {
    if (completed || aborted) {
      throw new IllegalStateException("onError after " + (completed ? "onCompleted" : "onError"));
    }
    aborted = true;
    call.cancel("cancelled by the client: " + t, t);
  }

  @Override
  public void onCompleted() {
    if (completed || aborted) {
      throw new IllegalStateException("onCompleted after " + (completed ? "onCompleted" : "onError"));
    }
    completed = true;
    call.halfClose();
  }

  @Override
  public boolean isReady() {
    return call.isReady();
  }

  @Override
  public void setOnReadyHandler(Runnable handler) {
    if (frozen) {
      throw new IllegalStateException("set the on-ready handler in beforeStart, before the call starts");
    }
    onReadyHandler = handler;
  }

  @Override
  public void disableAutoRequest() {
    if (frozen) {
      throw new IllegalStateException("disableAutoRequest only in beforeStart, before the call starts");
    }
    autoRequest = false;
  }

  @Override
  public void request(int count) {
    call.request(count);
  }

  @Override
  public void cancel(String message, Throwable cause) {
    call.cancel(message, cause);
  }
}
