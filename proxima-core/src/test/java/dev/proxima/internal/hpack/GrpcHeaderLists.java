package dev.proxima.internal.hpack;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Case 2's inputs for {@link HpackDecoderHostileInputTest}: the header lists of gRPC requests,
 * responses and trailers, and each list as the decoder gives it back.
 */
final class GrpcHeaderLists {
  private static final Set<String> SENSITIVE =
      Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

  private GrpcHeaderLists() {}

  /** Headers of a gRPC request, response or trailers; values from small sets, so some repeat. */
  static List<HeaderField> grpcHeaders(Random random) {
    List<HeaderField> list = new ArrayList<>();
    switch (random.nextInt(3)) {
      case 0 -> {
        add(list, ":method", "POST");
        add(list, ":scheme", random.nextBoolean() ? "http" : "https");
        add(list, ":path", "/proxima.test.Service/"
            + pick(random, "Unary", "Stream", "Echo", "M" + random.nextInt(1000)));
        add(list, ":authority", "localhost:" + (50051 + random.nextInt(3)));
        add(list, "content-type", "application/grpc");
        add(list, "te", "trailers");
        if (random.nextBoolean()) {
          add(list, "grpc-timeout", random.nextInt(1000) + pick(random, "m", "S", "u"));
        }
        add(list, "user-agent", "grpc-java-proxima/1.0");
        add(list, "grpc-accept-encoding", "gzip");
        if (random.nextInt(4) == 0) {
          add(list, "authorization", "Bearer " + Long.toHexString(random.nextLong()));
        }
        if (random.nextBoolean()) {
          add(list, "x-request-id", Integer.toString(random.nextInt(20)));
        }
        if (random.nextInt(5) == 0) {
          byte[] bin = new byte[random.nextInt(200)];
          random.nextBytes(bin);
          add(list, "x-trace-bin", Base64.getEncoder().withoutPadding().encodeToString(bin));
        }
      }
      case 1 -> {
        add(list, ":status", "200");
        add(list, "content-type", "application/grpc");
        if (random.nextBoolean()) {
          add(list, "grpc-encoding", pick(random, "identity", "gzip"));
        }
      }
      default -> {
        add(list, "grpc-status", Integer.toString(random.nextInt(17)));
        if (random.nextBoolean()) {
          add(list, "grpc-message",
              pick(random, "deadline%20exceeded", "not found: " + random.nextInt(50)));
        }
      }
    }
    return list;
  }

  /** The fields as the decoder gives them back: the encoder's sensitive names never indexed. */
  static List<HeaderField> receivedAs(List<HeaderField> sent) {
    List<HeaderField> list = new ArrayList<>();
    for (HeaderField f : sent) {
      boolean sensitive = f.sensitive() || SENSITIVE.contains(f.name());
      list.add(new HeaderField(f.name(), f.value(), sensitive));
    }
    return list;
  }

  private static void add(List<HeaderField> list, String name, String value) {
    list.add(new HeaderField(name, value));
  }

  private static String pick(Random random, String... choices) {
    return choices[random.nextInt(choices.length)];
  }
}
