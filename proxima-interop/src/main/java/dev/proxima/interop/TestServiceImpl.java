package dev.proxima.interop;

import com.google.protobuf.ByteString;
import dev.proxima.Status;
import dev.proxima.StatusException;
import dev.proxima.stub.ServerCallStreamObserver;
import dev.proxima.stub.StreamObserver;
import io.grpc.testing.integration.EmptyProtos.Empty;
import io.grpc.testing.integration.Messages.EchoStatus;
import io.grpc.testing.integration.Messages.Payload;
import io.grpc.testing.integration.Messages.ResponseParameters;
import io.grpc.testing.integration.Messages.SimpleRequest;
import io.grpc.testing.integration.Messages.SimpleResponse;
import io.grpc.testing.integration.Messages.StreamingInputCallRequest;
import io.grpc.testing.integration.Messages.StreamingInputCallResponse;
import io.grpc.testing.integration.Messages.StreamingOutputCallRequest;
import io.grpc.testing.integration.Messages.StreamingOutputCallResponse;
import io.grpc.testing.integration.TestServiceProxima;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code grpc.testing.TestService} as gRPC's interop test descriptions ({@code
 * doc/interop-test-descriptions.md}) define it: payloads of the asked size, {@code response_status},
 * {@code interval_us}. What needs the call itself ({@code expect_compressed}, {@code
 * response_compressed}, the echoed metadata) is done by {@link InteropServerInterceptor}, which
 * {@link InteropServer} installs in front of this service. {@code UnimplementedCall} keeps the
 * generated default: UNIMPLEMENTED.
 */
public final class TestServiceImpl implements TestServiceProxima.TestServiceService {
  @Override
  public Empty emptyCall(Empty request) {
    return Empty.getDefaultInstance();
  }

  @Override
  public SimpleResponse unaryCall(SimpleRequest request) throws StatusException {
    checkStatus(request.hasResponseStatus(), request.getResponseStatus());
    SimpleResponse.Builder response = SimpleResponse.newBuilder();
    if (request.getResponseSize() > 0) {
      response.setPayload(payload(request.getResponseSize()));
    }
    return response.build();
  }

  @Override
  public void streamingOutputCall(
      StreamingOutputCallRequest request,
      ServerCallStreamObserver<StreamingOutputCallResponse> responses) throws StatusException {
    for (ResponseParameters p : request.getResponseParametersList()) {
      if (responses.isCancelled()) {
        return;
      }
      sleepMicros(p.getIntervalUs());
      responses.onNext(response(p));
    }
    checkStatus(request.hasResponseStatus(), request.getResponseStatus());
    responses.onCompleted();
  }

  @Override
  public StreamObserver<StreamingInputCallRequest> streamingInputCall(
      ServerCallStreamObserver<StreamingInputCallResponse> responses) {
    return new StreamObserver<>() {
      private int size;

      @Override
      public void onNext(StreamingInputCallRequest request) {
        size += request.getPayload().getBody().size();
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        responses.onNext(
            StreamingInputCallResponse.newBuilder().setAggregatedPayloadSize(size).build());
        responses.onCompleted();
      }
    };
  }

  @Override
  public StreamObserver<StreamingOutputCallRequest> fullDuplexCall(
      ServerCallStreamObserver<StreamingOutputCallResponse> responses) {
    responses.setOnCancelHandler(() -> {});
    return new StreamObserver<>() {
      private boolean done;

      @Override
      public void onNext(StreamingOutputCallRequest request) {
        if (done) {
          return;
        }
        if (request.hasResponseStatus() && request.getResponseStatus().getCode() != 0) {
          done = true;
          responses.onError(statusOf(request.getResponseStatus()).asException());
          return;
        }
        for (ResponseParameters p : request.getResponseParametersList()) {
          sleepMicros(p.getIntervalUs());
          responses.onNext(response(p));
        }
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        if (!done) {
          done = true;
          responses.onCompleted();
        }
      }
    };
  }

  @Override
  public StreamObserver<StreamingOutputCallRequest> halfDuplexCall(
      ServerCallStreamObserver<StreamingOutputCallResponse> responses) {
    responses.setOnCancelHandler(() -> {});
    return new StreamObserver<>() {
      private final List<StreamingOutputCallRequest> requests = new ArrayList<>();

      @Override
      public void onNext(StreamingOutputCallRequest request) {
        requests.add(request);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        for (StreamingOutputCallRequest request : requests) {
          if (request.hasResponseStatus() && request.getResponseStatus().getCode() != 0) {
            responses.onError(statusOf(request.getResponseStatus()).asException());
            return;
          }
          for (ResponseParameters p : request.getResponseParametersList()) {
            sleepMicros(p.getIntervalUs());
            responses.onNext(response(p));
          }
        }
        responses.onCompleted();
      }
    };
  }

  /** A payload of {@code size} zero bytes. */
  static Payload payload(int size) {
    return Payload.newBuilder().setBody(ByteString.copyFrom(new byte[size])).build();
  }

  private static StreamingOutputCallResponse response(ResponseParameters p) {
    return StreamingOutputCallResponse.newBuilder().setPayload(payload(p.getSize())).build();
  }

  private static void checkStatus(boolean present, EchoStatus status) throws StatusException {
    if (present && status.getCode() != 0) {
      throw statusOf(status).asException();
    }
  }

  private static Status statusOf(EchoStatus status) {
    return Status.fromCodeValue(status.getCode()).withDescription(status.getMessage());
  }

  private static void sleepMicros(int micros) {
    if (micros <= 0) {
      return;
    }
    try {
      TimeUnit.MICROSECONDS.sleep(micros);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
