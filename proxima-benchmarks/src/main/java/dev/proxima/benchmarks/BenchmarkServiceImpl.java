package dev.proxima.benchmarks;

import com.google.protobuf.ByteString;
import dev.proxima.stub.ServerCallStreamObserver;
import dev.proxima.stub.StreamObserver;
import io.grpc.benchmarks.proto.BenchmarkServiceProxima;
import io.grpc.benchmarks.proto.Messages.Payload;
import io.grpc.benchmarks.proto.Messages.PayloadType;
import io.grpc.benchmarks.proto.Messages.SimpleRequest;
import io.grpc.benchmarks.proto.Messages.SimpleResponse;

/**
 * {@code grpc.testing.BenchmarkService} as grpc-java's {@code qps.AsyncServer} implements it: every
 * answer is a {@link SimpleResponse} whose payload is {@code response_size} zero bytes, built afresh
 * per message as grpc-java does. No handler blocks, so the service is meant to run on the event
 * loop ({@link BenchServer} binds it so).
 */
public final class BenchmarkServiceImpl implements BenchmarkServiceProxima.BenchmarkServiceService {

  /** The answer to {@code request}: a COMPRESSABLE payload of {@code response_size} zero bytes. */
  static SimpleResponse respond(SimpleRequest request) {
    int size = request.getResponseSize();
    if (size <= 0) {
      return SimpleResponse.getDefaultInstance();
    }
    return SimpleResponse.newBuilder()
        .setPayload(Payload.newBuilder().setType(PayloadType.COMPRESSABLE).setBody(ByteString.copyFrom(new byte[size])))
        .build();
  }

  @Override
  public SimpleResponse unaryCall(SimpleRequest request) {
    return respond(request);
  }

  /** Ping-pong: one response per request; completes when the client does. */
  @Override
  public StreamObserver<SimpleRequest> streamingCall(ServerCallStreamObserver<SimpleResponse> responses) {
    return new StreamObserver<>() {
      @Override
      public void onNext(SimpleRequest request) {
        responses.onNext(respond(request));
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        responses.onCompleted();
      }
    };
  }

  /** Reads every request; answers the last one when the client half-closes. */
  @Override
  public StreamObserver<SimpleRequest> streamingFromClient(ServerCallStreamObserver<SimpleResponse> responses) {
    return new StreamObserver<>() {
      private SimpleRequest last = SimpleRequest.getDefaultInstance();

      @Override
      public void onNext(SimpleRequest request) {
        last = request;
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        responses.onNext(respond(last));
        responses.onCompleted();
      }
    };
  }

  /** Streams the answer to {@code request} for as long as the client listens (until it cancels). */
  @Override
  public void streamingFromServer(SimpleRequest request, ServerCallStreamObserver<SimpleResponse> responses) {
    new FlowControlledSender(responses, respond(request)).start();
  }

  /** Streams default answers while the client streams requests (ignored); completes when it does. */
  @Override
  public StreamObserver<SimpleRequest> streamingBothWays(ServerCallStreamObserver<SimpleResponse> responses) {
    FlowControlledSender sender = new FlowControlledSender(responses, SimpleResponse.getDefaultInstance());
    sender.start();
    return new StreamObserver<>() {
      @Override
      public void onNext(SimpleRequest request) {}

      @Override
      public void onError(Throwable t) {
        sender.stop();
      }

      @Override
      public void onCompleted() {
        sender.stop();
        responses.onCompleted();
      }
    };
  }
}
