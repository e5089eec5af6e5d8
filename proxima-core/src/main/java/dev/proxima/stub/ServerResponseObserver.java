package dev.proxima.stub;

import dev.proxima.Metadata;
import dev.proxima.ServerCall;
import dev.proxima.Status;
import dev.proxima.StatusException;

/**
 * The response side of a server call: turns observer calls into {@link ServerCall} calls. Handler
 * settings (on-ready, on-cancel, auto request) are frozen once the handler method returns.
 */
final class ServerResponseObserver<Req, Resp> implements ServerCallStreamObserver<Resp> {
  private final ServerCall<Req, Resp> call;
  private volatile Runnable onReadyHandler;
  private volatile Runnable onCancelHandler;
  private volatile boolean autoRequest = true;
  private volatile boolean cancelled;
  private volatile boolean terminated;
  private boolean frozen;
  private boolean sentHeaders;

  ServerResponseObserver(ServerCall<Req, Resp> call) {
    this.call = call;
  }

  void freeze() {
    frozen = true;
  }

  boolean autoRequest() {
    return autoRequest;
  }

  boolean isTerminated() {
    return terminated;
  }

  /** The call was cancelled: record it and run the on-cancel handler. Call's executor. */
  void cancelled() {
    cancelled = true;
    Runnable handler = onCancelHandler;
    if (handler != null) {
      handler.run();
    }
  }

  /** The call turned ready: run the on-ready handler unless the handler is done. Call's executor. */
  void ready() {
    Runnable handler = onReadyHandler;
    if (handler != null && !terminated && !isCancelled()) {
      handler.run();
    }
  }

  @Override
  public void onNext(Resp value) {
    if (terminated) {
      throw new IllegalStateException("onNext after the response stream ended");
    }
    if (checkCancelled()) {
      return;
    }
    if (!sentHeaders) {
      call.sendHeaders(new Metadata());
      sentHeaders = true;
    }
    call.sendMessage(value);
  }

  @Override
  public void onError(Throwable t) {
    if (terminated) {
      throw new IllegalStateException("onError after the response stream ended");
    }
    terminated = true;
    if (isCancelled()) {
      return;
    }
    Metadata trailers = null;
    for (Throwable c = t; c != null && trailers == null; c = c.getCause()) {
      if (c instanceof StatusException se) {
        trailers = se.trailers();
      } else if (c instanceof StatusRuntimeException sre) {
        trailers = sre.trailers();
      }
    }
    call.close(statusOf(t), trailers == null ? new Metadata() : trailers);
  }

  @Override
  public void onCompleted() {
    if (terminated) {
      throw new IllegalStateException("onCompleted after the response stream ended");
    }
    if (checkCancelled()) {
      terminated = true;
      return;
    }
    terminated = true;
    call.close(Status.OK, new Metadata());
  }

  /** True when cancelled and the handler asked to hear of it; throws when it did not. */
  private boolean checkCancelled() {
    if (!isCancelled()) {
      return false;
    }
    if (onCancelHandler == null) {
      throw new StatusRuntimeException(Status.CANCELLED.withDescription("the call was cancelled"), null);
    }
    return true;
  }

  static Status statusOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StatusRuntimeException sre) {
        return sre.status();
      }
      if (c instanceof StatusException se) {
        return se.status();
      }
    }
    return Status.UNKNOWN.withDescription("application error").withCause(t);
  }

  @Override
  public boolean isReady() {
    return call.isReady();
  }

  @Override
  public void setOnReadyHandler(Runnable handler) {
    checkNotFrozen("setOnReadyHandler");
    onReadyHandler = handler;
  }

  @Override
  public void disableAutoRequest() {
    checkNotFrozen("disableAutoRequest");
    autoRequest = false;
  }

  @Override
  public void request(int count) {
    call.request(count);
  }

  @Override
  public boolean isCancelled() {
    return cancelled || call.isCancelled();
  }

  @Override
  public void setOnCancelHandler(Runnable handler) {
    checkNotFrozen("setOnCancelHandler");
    onCancelHandler = handler;
  }

  @Override
  public void setCompression(String encoding) {
    call.setCompression(encoding);
  }

  private void checkNotFrozen(String what) {
    if (frozen) {
      throw new IllegalStateException(what + " only inside the handler method, before it returns");
    }
  }
}
