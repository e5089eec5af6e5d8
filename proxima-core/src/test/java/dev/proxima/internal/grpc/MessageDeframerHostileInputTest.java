package dev.proxima.internal.grpc;

import static dev.proxima.internal.grpc.Allocations.allocatedBytes;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.Status;
import dev.proxima.internal.grpc.DeframingRules.Expected;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A peer may send any bytes as a call's messages. Whatever they are, however they are cut and
 * whatever the application's demand, {@link MessageDeframer} delivers the messages they hold and
 * then, if they break a rule, exactly one status, the one gRPC's PROTOCOL-HTTP2 names:
 * RESOURCE_EXHAUSTED for a message over the limit, INTERNAL for a Compressed-Flag other than 0 or
 * 1, for a compressed message without a declared encoding, for a compressed message that does not
 * decompress, and for a stream that ends inside a message. No other exception, and no buffer the
 * size a prefix claims before those bytes arrive.
 *
 * <p>The fuzz cases are seeded: a failure prints the case seed, the chunk sizes and the input in
 * hex. Each case is checked against {@link DeframingRules}, a plain model that reads the whole
 * input at once, and fed twice with different chunks and demand, which must give the same outcome.
 *
 * <p>The cases are valid streams from {@link MessageGenerator} changed by {@link MessageMutator}.
 * {@link MessageDeframerEdgeCasesTest} pins down the sharp edges one at a time.
 */
class MessageDeframerHostileInputTest {
  private static final long SEED = 0x6270_0001L;
  private static final int CASES = 3000;
  /** One of the two limits the cases use; the other is the largest there is. */
  static final int SMALL_MAX = 1024;

  @Test
  void mutatedMessageStreamsGiveTheMessagesAndTheStatusTheSpecNames() {
    TreeMap<String, Integer> endings = new TreeMap<>();
    for (int i = 0; i < CASES; i++) {
      Outcome outcome = fuzzCase(SEED + i);
      String ending = outcome.failure != null ? outcome.failure.code().name()
          : outcome.ended ? "ended" : "waiting";
      endings.merge(ending + (outcome.messages.isEmpty() ? "" : " after messages"), 1, Integer::sum);
    }
    // The generator must reach every kind of ending, or the cases above prove little.
    for (String ending : List.of("ended after messages", "waiting after messages",
        "INTERNAL after messages", "RESOURCE_EXHAUSTED after messages", "INTERNAL",
        "RESOURCE_EXHAUSTED")) {
      assertTrue(endings.containsKey(ending), "no case reached " + ending + ": " + endings);
    }
  }

  private static Outcome fuzzCase(long caseSeed) {
    Random random = new Random(caseSeed);
    int max = random.nextBoolean() ? SMALL_MAX : Integer.MAX_VALUE;
    Compressor decompressor = switch (random.nextInt(3)) {
      case 0 -> null;
      case 1 -> Compressors.IDENTITY;
      default -> Compressors.GZIP;
    };
    byte[] wire = MessageGenerator.validMessages(random, decompressor == Compressors.GZIP);
    for (int m = random.nextInt(4); m > 0; m--) {
      wire = MessageMutator.mutate(random, wire);
    }
    boolean endOfStream = random.nextInt(4) != 0;
    Feeding first = Feeding.random(random, wire.length);
    Feeding second = Feeding.random(random, wire.length);
    try {
      Expected expected = DeframingRules.expect(wire, max, decompressor, endOfStream);
      Outcome a = feed(wire, max, decompressor, endOfStream, first);
      assertMatches(expected, a);
      Outcome b = feed(wire, max, decompressor, endOfStream, second);
      if (!a.sameAs(b)) {
        throw new AssertionError("fed as " + second + ": " + b + "\nfed as " + first + ": " + a);
      }
      return a;
    } catch (Throwable t) {
      throw new AssertionError("case seed 0x" + Long.toHexString(caseSeed) + ", max " + max
          + ", encoding " + decompressor + ", endOfStream " + endOfStream + ", fed as " + first
          + " and as " + second + ", input (" + wire.length + " octets):\n"
          + HexFormat.of().formatHex(wire) + "\n" + t, t);
    }
  }

  /**
   * How bytes reach the deframer: chunk sizes, and before each chunk how many messages the
   * application requests (often none). At the end it requests without limit, before or after
   * the end of the stream.
   */
  private record Feeding(int[] chunks, int[] requests, boolean requestAllFirst) {
    static Feeding random(Random random, int length) {
      List<Integer> sizes = new ArrayList<>();
      int bound = random.nextBoolean() ? 8 : Math.max(1, length);
      for (int left = length; left > 0; ) {
        int n = Math.min(left, 1 + random.nextInt(bound));
        sizes.add(n);
        left -= n;
      }
      int[] chunks = sizes.stream().mapToInt(Integer::intValue).toArray();
      int[] requests = new int[chunks.length];
      for (int i = 0; i < requests.length; i++) {
        requests[i] = random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0;
      }
      return new Feeding(chunks, requests, random.nextBoolean());
    }

    @Override
    public String toString() {
      return "chunks " + Arrays.toString(chunks) + " requests " + Arrays.toString(requests)
          + (requestAllFirst ? " then request all, end" : " then end, request all");
    }
  }

  /** What the deframer reported. */
  private record Outcome(List<String> messages, Status failure, boolean ended, long bytesRead) {
    /** The same messages and the same ending; bytesRead depends on when demand came. */
    boolean sameAs(Outcome o) {
      return messages.equals(o.messages) && ended == o.ended && (failure == null
          ? o.failure == null
          : o.failure != null && failure.code() == o.failure.code()
              && failure.description().equals(o.failure.description()));
    }
  }

  private static Outcome feed(byte[] wire, int max, Compressor decompressor, boolean endOfStream,
      Feeding feeding) {
    RecordingListener recorder = new RecordingListener();
    MessageDeframer deframer = new MessageDeframer(max, recorder);
    deframer.setDecompressor(decompressor);
    ByteBuffer reused = ByteBuffer.allocate(Arrays.stream(feeding.chunks).max().orElse(0));
    long before = allocatedBytes();
    int at = 0;
    for (int i = 0; i < feeding.chunks.length; i++) {
      if (feeding.requests[i] > 0) {
        deframer.request(feeding.requests[i]);
      }
      reused.clear();
      reused.put(wire, at, feeding.chunks[i]).flip();
      at += feeding.chunks[i];
      deframer.deframe(reused);
      if (reused.hasRemaining()) {
        throw new AssertionError("deframe left " + reused.remaining() + " octets unread");
      }
      // The deframer must have copied what it keeps.
      Arrays.fill(reused.array(), (byte) 0x55);
    }
    if (feeding.requestAllFirst) {
      deframer.request(Integer.MAX_VALUE);
    }
    if (endOfStream) {
      deframer.endOfStream();
    }
    if (!feeding.requestAllFirst) {
      deframer.request(Integer.MAX_VALUE);
    }
    long allocated = allocatedBytes() - before;
    // Received copies, decompressed output (deflate inflates at most ~1032:1), and slack; a
    // buffer sized by a claimed length (up to 2 GiB here) would be far above.
    long allowed = (2L << 20) + 1100L * wire.length;
    if (allocated > allowed) {
      throw new AssertionError("allocated " + allocated + " bytes for " + wire.length
          + " received, more than " + allowed);
    }
    if (recorder.failures > 1) {
      throw new AssertionError(recorder.failures + " failures reported; at most one may be");
    }
    if (recorder.failure != null && (recorder.ended || recorder.failure.description() == null
        || recorder.failure.description().isEmpty())) {
      throw new AssertionError("failure " + recorder.failure + " with ended=" + recorder.ended);
    }
    if (recorder.bytesRead > wire.length || recorder.ended && recorder.bytesRead != wire.length) {
      throw new AssertionError(recorder.bytesRead + " bytes released of " + wire.length
          + " received, ended=" + recorder.ended);
    }
    return new Outcome(recorder.messages, recorder.failure, recorder.ended, recorder.bytesRead);
  }

  /** Compares what the deframer reported with what the model expects. */
  private static void assertMatches(Expected expected, Outcome actual) {
    if (!expected.messages().equals(actual.messages)) {
      throw new AssertionError(
          "messages " + actual.messages + ", expected " + expected.messages());
    }
    boolean sameEnding = expected.failure().isEmpty()
        ? actual.failure == null && actual.ended == expected.ended()
        : actual.failure != null && expected.failure().contains(actual.failure.code());
    if (!sameEnding) {
      throw new AssertionError("ended with " + actual.failure + " (ended=" + actual.ended
          + "), expected " + (expected.failure().isEmpty() ? "ended=" + expected.ended()
          : "one of " + expected.failure()));
    }
  }
}
