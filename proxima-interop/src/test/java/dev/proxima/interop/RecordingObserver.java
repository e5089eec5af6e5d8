package dev.proxima.interop;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A grpc-java {@link StreamObserver} that records what a call delivered and how it ended. */
final class RecordingObserver<T> implements StreamObserver<T> {
  final List<T> messages = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Status> done = new CompletableFuture<>();

  @Override
  public void onNext(T value) {
    messages.add(value);
  }

  @Override
  public void onError(Throwable t) {
    done.complete(Status.fromThrowable(t));
  }

  @Override
  public void onCompleted() {
    done.complete(Status.OK);
  }

  /** The call's final status (OK after onCompleted), waiting up to 10 s for it. */
  Status await() throws Exception {
    return done.get(10, TimeUnit.SECONDS);
  }
}
