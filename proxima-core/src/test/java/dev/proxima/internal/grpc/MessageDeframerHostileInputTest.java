package dev.proxima.internal.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
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
 * hex. Each case is checked against {@link Grpc}, a plain model that reads the whole input at
 * once, and fed twice with different chunks and demand, which must give the same outcome.
 */
class MessageDeframerHostileInputTest {
  private static final long SEED = 0x6270_0001L;
  private static final int CASES = 3000;
  /** One of the two limits the cases use; the other is the largest there is. */
  private static final int SMALL_MAX = 1024;

  // Sharp edges MessageDeframerTest does not already pin down (it covers a length over the limit,
  // 2^32-1 with a 4 MiB limit, flag 2, compressed without or with identity encoding, and truncated
  // messages and prefixes at the end of the stream).

  @Test
  void lengthOf2To31IsResourceExhaustedEvenUnderTheLargestLimit() {
    // 2^31 does not fit an int: read as one it would be negative, and below any limit.
    Recorder recorder = new Recorder();
    MessageDeframer deframer = new MessageDeframer(Integer.MAX_VALUE, recorder);
    deframer.request(1);
    deframer.deframe(ByteBuffer.wrap(new byte[] {0, (byte) 0x80, 0, 0, 0}));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, recorder.failure.code());
    assertEquals("gRPC message exceeds maximum size " + Integer.MAX_VALUE + ": 2147483648",
        recorder.failure.description());
  }

  @Test
  void aClaimedLengthIsNotAllocatedBeforeItsBytesArrive() {
    // A prefix claiming 2^31-1 octets under the largest limit is accepted; the peer may never send
    // them, so what the deframer holds must grow with what arrives, not with what is claimed.
    Recorder recorder = new Recorder();
    MessageDeframer deframer = new MessageDeframer(Integer.MAX_VALUE, recorder);
    deframer.request(1);
    long before = allocatedBytes();
    deframer.deframe(ByteBuffer.wrap(new byte[] {0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
    for (int i = 0; i < 10; i++) {
      deframer.deframe(ByteBuffer.wrap(new byte[1000]));
    }
    long allocated = allocatedBytes() - before;
    assertTrue(allocated < 1 << 20, "allocated " + allocated + " bytes for 10005 received");
    assertEquals(10_000, deframer.bufferedBytes());
    assertEquals(10_005, recorder.bytesRead, "a requested message is released as it arrives");
    assertNull(recorder.failure);
    deframer.endOfStream();
    assertEquals(Status.Code.INTERNAL, recorder.failure.code());
    assertTrue(recorder.failure.description().contains("(10000 of 2147483647 bytes)"),
        recorder.failure.description());
  }

  @Test
  void everyCompressedFlagOtherThanZeroOrOneIsInternal() {
    for (int flag = 2; flag < 256; flag++) {
      Recorder recorder = new Recorder();
      MessageDeframer deframer = new MessageDeframer(SMALL_MAX, recorder);
      deframer.setDecompressor(Compressors.GZIP);
      deframer.request(1);
      deframer.deframe(ByteBuffer.wrap(new byte[] {(byte) flag, 0, 0, 0, 0}));
      assertEquals(Status.Code.INTERNAL, recorder.failure.code(), "flag " + flag);
      assertTrue(recorder.messages.isEmpty());
    }
  }

  // Fuzz cases.

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
    byte[] wire = validMessages(random, decompressor == Compressors.GZIP);
    for (int m = random.nextInt(4); m > 0; m--) {
      wire = mutate(random, wire);
    }
    boolean endOfStream = random.nextInt(4) != 0;
    Feeding first = Feeding.random(random, wire.length);
    Feeding second = Feeding.random(random, wire.length);
    try {
      Expected expected = Grpc.expect(wire, max, decompressor, endOfStream);
      Outcome a = feed(wire, max, decompressor, endOfStream, first);
      expected.assertMatches(a);
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
    Recorder recorder = new Recorder();
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

  // Valid message streams and their mutations.

  /** Up to six messages, uncompressed or (when gzip was declared) compressed. */
  private static byte[] validMessages(Random random, boolean gzip) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int n = random.nextInt(7); n > 0; n--) {
      byte[] message = new byte[random.nextInt(8) == 0 ? random.nextInt(2 * SMALL_MAX)
          : random.nextInt(100)];
      // Runs of one value compress, as real messages do.
      for (int i = 0; i < message.length; ) {
        int run = 1 + random.nextInt(20);
        Arrays.fill(message, i, Math.min(message.length, i + run), (byte) random.nextInt(4));
        i += run;
      }
      boolean compress = gzip && random.nextBoolean();
      ByteBuffer framed;
      try {
        framed = MessageFramer.frame(ByteBuffer.wrap(message),
            compress ? Compressors.GZIP : Compressors.IDENTITY)[0];
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      byte[] b = new byte[framed.remaining()];
      framed.get(b);
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  /**
   * One random change: a flag, a length (over the limit, 2^31 and more, off by a little), a bit,
   * a cut, a gap, an insertion. A prefix lies at offset 0 and, often, at the offsets its length
   * leads to; a random offset is used as a prefix too.
   */
  private static byte[] mutate(Random random, byte[] wire) {
    byte[] b = wire.clone();
    int at = b.length == 0 ? 0 : random.nextInt(b.length);
    int prefix = random.nextBoolean() ? somePrefix(random, b) : at;
    switch (random.nextInt(7)) {
      case 0 -> {
        if (prefix < b.length) {
          b[prefix] = (byte) (random.nextInt(3) == 0 ? random.nextInt(256) : random.nextInt(3));
        }
      }
      case 1 -> {
        if (prefix + 5 <= b.length) {
          long length = switch (random.nextInt(6)) {
            case 0 -> SMALL_MAX + random.nextInt(2);
            case 1 -> 0x8000_0000L + random.nextInt(2);
            case 2 -> 0x7fff_ffffL - random.nextInt(2);
            case 3 -> 0xffff_ffffL;
            case 4 -> random.nextInt() & 0xffff_ffffL;
            default -> Math.max(0, (ByteBuffer.wrap(b).getInt(prefix + 1) & 0xffff_ffffL)
                + random.nextInt(7) - 3);
          };
          ByteBuffer.wrap(b).putInt(prefix + 1, (int) length);
        }
      }
      case 2 -> {
        if (b.length > 0) {
          b[at] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 3 -> b = Arrays.copyOf(b, at);
      case 4 -> {
        int end = Math.min(b.length, at + 1 + random.nextInt(10));
        b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, end, b.length));
      }
      default -> {
        byte[] inserted = new byte[1 + random.nextInt(12)];
        random.nextBytes(inserted);
        b = concat(Arrays.copyOf(b, at), inserted, Arrays.copyOfRange(b, at, b.length));
      }
    }
    return b;
  }

  /** The offset of a message prefix, found by following lengths from the start. */
  private static int somePrefix(Random random, byte[] b) {
    List<Integer> prefixes = new ArrayList<>();
    for (long at = 0; at + 5 <= b.length; at += 5 + (ByteBuffer.wrap(b).getInt((int) at + 1) & 0xffff_ffffL)) {
      prefixes.add((int) at);
    }
    return prefixes.isEmpty() ? 0 : prefixes.get(random.nextInt(prefixes.size()));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  /** What the model expects: the messages, then a failure (any of the codes) or the end. */
  private record Expected(List<String> messages, Set<Status.Code> failure, boolean ended) {
    void assertMatches(Outcome actual) {
      if (!messages.equals(actual.messages)) {
        throw new AssertionError("messages " + actual.messages + ", expected " + messages);
      }
      boolean sameEnding = failure.isEmpty()
          ? actual.failure == null && actual.ended == ended
          : actual.failure != null && failure.contains(actual.failure.code());
      if (!sameEnding) {
        throw new AssertionError("ended with " + actual.failure + " (ended=" + actual.ended
            + "), expected " + (failure.isEmpty() ? "ended=" + ended : "one of " + failure));
      }
    }
  }

  /**
   * PROTOCOL-HTTP2's Length-Prefixed-Message as a plain model: the whole input at once, message
   * by message. For the first prefix that breaks rules it collects the codes of every rule broken.
   */
  private static final class Grpc {
    static Expected expect(byte[] wire, int max, Compressor decompressor, boolean endOfStream) {
      List<String> messages = new ArrayList<>();
      Set<Status.Code> failure = EnumSet.noneOf(Status.Code.class);
      int at = 0;
      while (true) {
        if (wire.length - at < 5) {
          if (endOfStream && at < wire.length) {
            failure.add(Status.Code.INTERNAL); // the stream ends inside a prefix
          }
          break;
        }
        int flag = wire[at] & 0xff;
        long length = ByteBuffer.wrap(wire).getInt(at + 1) & 0xffff_ffffL;
        if (flag > 1) {
          failure.add(Status.Code.INTERNAL); // Compressed-Flag is 0 or 1
        }
        if (length > max) {
          failure.add(Status.Code.RESOURCE_EXHAUSTED);
        }
        if (flag == 1 && (decompressor == null || decompressor == Compressors.IDENTITY)) {
          failure.add(Status.Code.INTERNAL); // compressed, but no grpc-encoding declared
        }
        if (!failure.isEmpty()) {
          break;
        }
        if (wire.length - at - 5 < length) {
          if (endOfStream) {
            failure.add(Status.Code.INTERNAL); // the stream ends inside a message
          }
          break;
        }
        byte[] body = Arrays.copyOfRange(wire, at + 5, at + 5 + (int) length);
        at += 5 + (int) length;
        if (flag == 1) {
          body = gunzip(body, max, failure);
          if (body == null) {
            break;
          }
        }
        messages.add(HexFormat.of().formatHex(body));
      }
      return new Expected(messages, failure, endOfStream && failure.isEmpty()
          && at == wire.length);
    }

    /** The message inflated, or null with the failure's code when it is corrupt or too large. */
    private static byte[] gunzip(byte[] body, int max, Set<Status.Code> failure) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        int b;
        while ((b = in.read()) >= 0) {
          if (out.size() == max) {
            failure.add(Status.Code.RESOURCE_EXHAUSTED);
            return null;
          }
          out.write(b);
        }
      } catch (IOException | RuntimeException e) {
        failure.add(Status.Code.INTERNAL);
        return null;
      }
      return out.toByteArray();
    }
  }

  private static class Recorder implements MessageDeframer.Listener {
    final List<String> messages = new ArrayList<>();
    long bytesRead;
    Status failure;
    int failures;
    boolean ended;

    @Override
    public void messageAvailable(InputStream message) {
      try {
        int available = message.available();
        byte[] bytes = message.readAllBytes();
        if (available != bytes.length) {
          throw new AssertionError("available() said " + available + " of " + bytes.length);
        }
        messages.add(HexFormat.of().formatHex(bytes));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void bytesRead(int n) {
      if (n <= 0) {
        throw new AssertionError("bytesRead(" + n + ")");
      }
      bytesRead += n;
    }

    @Override
    public void deframeFailed(Status status) {
      failure = status;
      failures++;
    }

    @Override
    public void endOfMessages() {
      if (ended) {
        throw new AssertionError("endOfMessages twice");
      }
      ended = true;
    }
  }
}
