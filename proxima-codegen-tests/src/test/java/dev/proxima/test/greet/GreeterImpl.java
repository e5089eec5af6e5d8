package dev.proxima.test.greet;

import dev.proxima.Metadata;
import dev.proxima.Status;
import dev.proxima.StatusException;
import dev.proxima.stub.ServerCallStreamObserver;
import dev.proxima.stub.StreamObserver;
import dev.proxima.test.common.CommonTypes.Ping;
import dev.proxima.test.common.CommonTypes.Pong;
import java.util.ArrayList;
import java.util.List;

/** The test implementation of the generated server interface: every method looks local. */
final class GreeterImpl implements GreeterProxima.GreeterService {
  /** The request headers of the current call, set by the server interceptor of the test. */
  static final ThreadLocal<Metadata> HEADERS = new ThreadLocal<>();

  @Override
  public HelloReply sayHello(HelloRequest request) {
    String text = "Hello, " + request.getName();
    return HelloReply.newBuilder().setMessage(request.getOptions().getShout() ? text.toUpperCase() : text).build();
  }

  @Override
  public void sayHelloStream(HelloRequest request, ServerCallStreamObserver<HelloReply> responses) {
    int times = request.getOptions().hasRepeat() ? request.getOptions().getRepeat() : 1;
    for (int i = 0; i < times; i++) {
      responses.onNext(HelloReply.newBuilder().setMessage("Hello #" + i + ", " + request.getName()).build());
    }
    responses.onCompleted();
  }

  @Override
  public StreamObserver<HelloRequest> collectNames(ServerCallStreamObserver<HelloReply> responses) {
    List<String> names = new ArrayList<>();
    return new StreamObserver<>() {
      @Override
      public void onNext(HelloRequest value) {
        names.add(value.getName());
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        responses.onNext(HelloReply.newBuilder().setMessage("Hello, " + String.join(" and ", names)).build());
        responses.onCompleted();
      }
    };
  }

  @Override
  public StreamObserver<HelloRequest> chat(ServerCallStreamObserver<HelloReply> responses) {
    return new StreamObserver<>() {
      @Override
      public void onNext(HelloRequest value) {
        responses.onNext(HelloReply.newBuilder().setMessage("Hi " + value.getName()).build());
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        responses.onCompleted();
      }
    };
  }

  @Override
  public Pong.Detail echo(Ping request) throws StatusException {
    if (request.getDelayMillis() > 0) {
      try {
        Thread.sleep(request.getDelayMillis());
      } catch (InterruptedException e) {
        throw Status.CANCELLED.withCause(e).asException();
      }
    }
    Pong.Detail.Builder reply = Pong.Detail.newBuilder().setText(request.getText());
    Metadata headers = HEADERS.get();
    if (headers != null) {
      reply.addAllHeaders(headers.getAll(Metadata.Key.of("x-test")));
    }
    return reply.build();
  }

  @Override
  public HelloReply fail(HelloRequest.Options request) throws StatusException {
    throw Status.fromCodeValue(request.getRepeat()).withDescription("failed as asked").asException();
  }
}
