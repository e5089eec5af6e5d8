package dev.proxima;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/** Small helpers for end-to-end tests: a String marshaller, methods, and listener-based calls. */
final class TestCalls {
  private TestCalls() {}

  static final Marshaller<String> STRING = new Marshaller<>() {
    @Override
    public ByteBuffer serialize(String value) {
      return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream in) throws IOException {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  };

  static MethodDescriptor<String, String> method(String fullName, MethodDescriptor.Type type) {
    return MethodDescriptor.<String, String>builder().type(type).fullMethodName(fullName)
        .requestMarshaller(STRING).responseMarshaller(STRING).build();
  }

  /** Everything a client call reported. */
  static final class Result {
    final CompletableFuture<Status> status = new CompletableFuture<>();
    final List<String> messages = new ArrayList<>();
    final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    volatile Metadata headers;
    volatile Metadata trailers;

    Status await() throws Exception {
      return status.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /** Starts a call that asks for every response and collects it. */
  static <Req> Result start(ClientCall<Req, String> call, Metadata headers) {
    Result r = new Result();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onHeaders(Metadata h) {
        r.headers = h;
      }

      @Override
      public void onMessage(String message) {
        synchronized (r.messages) {
          r.messages.add(message);
        }
        r.queue.add(message);
        call.request(1);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        r.trailers = trailers;
        r.status.complete(status);
      }
    }, headers);
    call.request(1);
    return r;
  }

  /** Unary: one request, half-close, collect. */
  static Result unary(Channel channel, MethodDescriptor<String, String> m, CallOptions options, String request,
      Metadata headers) {
    ClientCall<String, String> call = channel.newCall(m, options);
    Result r = start(call, headers);
    call.sendMessage(request);
    call.halfClose();
    return r;
  }

  static Result unary(Channel channel, MethodDescriptor<String, String> m, String request) {
    return unary(channel, m, CallOptions.DEFAULT, request, new Metadata());
  }

  /** A handler that answers each request with {@code f(request)} and closes OK after half-close. */
  static ServerCallHandler<String, String> unaryHandler(java.util.function.Function<String, String> f) {
    return (call, headers) -> {
      call.request(1);
      return new ServerCall.Listener<>() {
        String reply;

        @Override
        public void onMessage(String message) {
          reply = f.apply(message);
        }

        @Override
        public void onHalfClose() {
          call.sendHeaders(new Metadata());
          call.sendMessage(reply);
          call.close(Status.OK, new Metadata());
        }
      };
    };
  }
}
