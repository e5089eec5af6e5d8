package dev.proxima.interop;

import dev.proxima.Metadata;
import dev.proxima.ServerCall;
import dev.proxima.ServerCallHandler;
import dev.proxima.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Proxima server handlers written against the low-level {@link ServerCall} API. */
final class ProximaHandlers {
  private ProximaHandlers() {}

  /** Answers the one request with {@code f(request)}, then closes OK. */
  static <Q, P> ServerCallHandler<Q, P> unary(Function<Q, P> f) {
    return (call, headers) -> {
      call.request(1);
      return new ServerCall.Listener<>() {
        Q request;

        @Override
        public void onMessage(Q message) {
          request = message;
        }

        @Override
        public void onHalfClose() {
          call.sendMessage(f.apply(request));
          call.close(Status.OK, new Metadata());
        }
      };
    };
  }

  /** Answers a request "a,b,c" with the messages "a", "b", "c", then closes OK. */
  static ServerCallHandler<String, String> split() {
    return (call, headers) -> {
      call.request(1);
      return new ServerCall.Listener<>() {
        String request;

        @Override
        public void onMessage(String message) {
          request = message;
        }

        @Override
        public void onHalfClose() {
          for (String part : request.split(",")) {
            call.sendMessage(part);
          }
          call.close(Status.OK, new Metadata());
        }
      };
    };
  }

  /** Answers every request message joined with ",", after the client half-closes. */
  static ServerCallHandler<String, String> join() {
    return (call, headers) -> {
      call.request(1);
      return new ServerCall.Listener<>() {
        final List<String> seen = new ArrayList<>();

        @Override
        public void onMessage(String message) {
          seen.add(message);
          call.request(1);
        }

        @Override
        public void onHalfClose() {
          call.sendMessage(String.join(",", seen));
          call.close(Status.OK, new Metadata());
        }
      };
    };
  }

  /** Answers each message with it upper-cased, as it comes; closes OK on half-close. */
  static ServerCallHandler<String, String> shout() {
    return (call, headers) -> {
      call.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(String message) {
          call.sendMessage(message.toUpperCase(java.util.Locale.ROOT));
          call.request(1);
        }

        @Override
        public void onHalfClose() {
          call.close(Status.OK, new Metadata());
        }
      };
    };
  }
}
