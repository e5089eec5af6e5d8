package dev.proxima.internal.hpack;

import static dev.proxima.internal.hpack.RawBlocks.concat;
import static dev.proxima.internal.hpack.RawBlocks.encode;
import static dev.proxima.internal.hpack.RawBlocks.integer;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The decoder against what a broken or hostile peer can send. The rule every case checks:
 * {@link HpackDecoder#decode} returns the fields or throws {@link HpackException}, promptly, and
 * nothing else (no IndexOutOfBounds, NegativeArraySize, OutOfMemoryError), so the connection can
 * answer COMPRESSION_ERROR, or 431 for a list over the limit, and lose nothing else.
 *
 * <p>Random cases use fixed seeds. Each block goes to the decoder under test and to a reference
 * decoder with the same table size and no header list limit: the limit may turn a block into "too
 * large", but must not change what is malformed, which fields a block holds, or what the dynamic
 * table holds afterwards (RFC 9113 §10.5.1). A failure prints the seed, the limits and every block
 * that decoder was given, in hex, so the case can be replayed.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HpackDecoderHostileInputTest {
  /** Blocks here decode in microseconds; a second means a loop gone wrong. */
  private static final long PROMPT_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Octets at the edges of the representations' bit patterns (§6) and of prefix integers. */
  private static final int[] EDGE_OCTETS = {
    0x00, 0x01, 0x0f, 0x10, 0x1f, 0x20, 0x3f, 0x40, 0x41, 0x7e, 0x7f, 0x80, 0x81, 0xbe, 0xbf, 0xff
  };

  private static final Set<String> SENSITIVE =
      Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

  // Case 1: random octets.

  @Test
  void randomOctetsDecodeOrFailWithHpackException() {
    long seed = 0x4e51_0001L;
    Random random = new Random(seed);
    for (int n = 0; n < 8000; n++) {
      int maxTable = random.nextBoolean() ? random.nextInt(300) : 4096 << random.nextInt(4);
      long maxList = random.nextBoolean() ? random.nextInt(400) : Long.MAX_VALUE;
      Connection c = new Connection(seed, "input " + n, maxTable, maxList);
      // A primed table makes indices 62.. mean something, so more inputs get past the first octet.
      c.receive(PRIMER, random);
      c.receive(randomOctets(random), random);
    }
  }

  @Test
  void randomRepresentationsDecodeOrFailWithHpackException() {
    long seed = 0x4e51_0002L;
    Random random = new Random(seed);
    for (int n = 0; n < 3000; n++) {
      int maxTable = random.nextBoolean() ? random.nextInt(300) : 4096;
      long maxList = random.nextBoolean() ? 32 + random.nextInt(400) : Long.MAX_VALUE;
      Connection c = new Connection(seed, "connection " + n, maxTable, maxList);
      for (int b = random.nextInt(8); b >= 0; b--) {
        if (random.nextInt(6) == 0) {
          // Our SETTINGS acknowledged: a lower table size must open the next block (§4.2).
          c.setMaxHeaderTableSize(random.nextInt(c.maxTableSize + 100));
        }
        if (random.nextInt(6) == 0) {
          c.setMaxHeaderListSize(random.nextInt(500));
        }
        if (c.receive(randomRepresentations(random, c), random).isCompressionError()) {
          break;
        }
      }
    }
  }

  // Case 2: valid gRPC blocks, mutated, on connections whose tables carry over.

  @Test
  void mutatedGrpcBlocksDecodeOrFailWithHpackException() {
    long seed = 0x4e51_0003L;
    Random random = new Random(seed);
    int cleanBlocksChecked = 0;
    for (int n = 0; n < 400; n++) {
      long maxList = random.nextBoolean() ? 8192 : 100 + random.nextInt(300);
      Connection c = new Connection(seed, "connection " + n, 4096, maxList);
      HpackEncoder encoder = new HpackEncoder();
      byte[] previous = new byte[0];
      boolean inSync = true;
      for (int b = 0; b < 30; b++) {
        List<HeaderField> sent = grpcHeaders(random);
        byte[] block = encode(encoder, sent);
        boolean mutate = random.nextInt(3) == 0;
        byte[] received = mutate ? mutate(block, previous, random) : block;
        previous = block;
        Outcome outcome = c.receive(received, random);
        if (outcome.isCompressionError()) {
          // The connection is dead (COMPRESSION_ERROR); the peer would open a new one.
          c = new Connection(seed, "connection " + n + " after block " + b, 4096, maxList);
          encoder = new HpackEncoder();
          inSync = true;
          continue;
        }
        inSync &= !mutate;
        if (inSync) {
          // Checks the harness as much as the decoder: unmutated blocks must come through whole.
          c.check(!outcome.isCompressionError(), "valid block failed");
          if (outcome.error == null) {
            c.check(receivedAs(sent).equals(outcome.fields), "valid block decoded wrong");
            cleanBlocksChecked++;
          }
        }
      }
    }
    assertTrue(cleanBlocksChecked > 2000, "only " + cleanBlocksChecked + " clean blocks checked");
  }

  @Test
  void everyTruncationOfAGrpcBlockFailsOrDecodesToAPrefixOfItsFields() {
    long seed = 0x4e51_0004L;
    Random random = new Random(seed);
    for (int n = 0; n < 60; n++) {
      HpackEncoder encoder = new HpackEncoder();
      List<byte[]> history = new ArrayList<>();
      for (int b = random.nextInt(5); b > 0; b--) {
        history.add(encode(encoder, grpcHeaders(random)));
      }
      byte[] block = encode(encoder, grpcHeaders(random));
      List<HeaderField> whole = connectionAfter(history, n, seed).receive(block, random).fields;
      for (int length = 0; length < block.length; length++) {
        Connection c = connectionAfter(history, n, seed);
        Outcome outcome = c.receive(Arrays.copyOf(block, length), random);
        if (outcome.error == null) {
          List<HeaderField> fields = outcome.fields;
          c.check(fields.size() < whole.size() && whole.subList(0, fields.size()).equals(fields),
              "a truncated block decoded to fields that are not a prefix of " + whole);
        }
      }
    }
  }

  // Case 2's inputs.

  /** Headers of a gRPC request, response or trailers; values from small sets, so some repeat. */
  private static List<HeaderField> grpcHeaders(Random random) {
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
  private static List<HeaderField> receivedAs(List<HeaderField> sent) {
    List<HeaderField> list = new ArrayList<>();
    for (HeaderField f : sent) {
      boolean sensitive = f.sensitive() || SENSITIVE.contains(f.name());
      list.add(new HeaderField(f.name(), f.value(), sensitive));
    }
    return list;
  }

  /** One of the mutations a corrupting or hostile peer could apply to {@code block}. */
  private static byte[] mutate(byte[] block, byte[] previous, Random random) {
    int at = random.nextInt(block.length + 1);
    return switch (random.nextInt(7)) {
      case 0 -> { // flip one to three bits
        byte[] copy = block.clone();
        for (int i = 1 + random.nextInt(3); i > 0 && copy.length > 0; i--) {
          copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        }
        yield copy;
      }
      case 1 -> Arrays.copyOf(block, at); // truncate
      case 2 -> concat(block, block); // the same block twice
      case 3 -> { // repeat a range in place
        int end = at + random.nextInt(block.length - at + 1);
        yield concat(Arrays.copyOf(block, end), Arrays.copyOfRange(block, at, block.length));
      }
      case 4 -> { // splice: this block's head, the previous one's tail
        int from = random.nextInt(previous.length + 1);
        yield concat(Arrays.copyOf(block, at), Arrays.copyOfRange(previous, from, previous.length));
      }
      case 5 -> { // a run of 0xff: saturated prefixes and endless continuation octets
        byte[] run = new byte[1 + random.nextInt(16)];
        Arrays.fill(run, (byte) 0xff);
        yield concat(Arrays.copyOf(block, at), run, Arrays.copyOfRange(block, at, block.length));
      }
      default -> { // drop a range
        int end = at + random.nextInt(block.length - at + 1);
        yield concat(Arrays.copyOf(block, at), Arrays.copyOfRange(block, end, block.length));
      }
    };
  }

  // Case 1's inputs.

  /** A block that adds a few entries to the table (those that fit), and is itself valid. */
  private static final byte[] PRIMER = encode(new HpackEncoder(), RfcExamplesTest.fields(
      "x-a", "1", "x-b", "22", "content-type", "application/grpc", "grpc-status", "0"));

  private static byte[] randomOctets(Random random) {
    byte[] block = new byte[random.nextInt(10) == 0 ? random.nextInt(2000) : random.nextInt(24)];
    if (random.nextBoolean()) {
      random.nextBytes(block);
    } else {
      for (int i = 0; i < block.length; i++) {
        block[i] = (byte) (random.nextInt(4) == 0
            ? random.nextInt(256)
            : EDGE_OCTETS[random.nextInt(EDGE_OCTETS.length)]);
      }
    }
    return block;
  }

  /**
   * A block of well-formed-looking representations (§6) with parameters that are often just wrong:
   * indices near the end of the table, sizes near the limit, lengths off by one, bad Huffman.
   */
  private static byte[] randomRepresentations(Random random, Connection c) {
    int lastIndex = StaticTable.LENGTH + c.reference.table().length();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int n = random.nextInt(9); n > 0; n--) {
      int kind = random.nextInt(10);
      if (kind == 0) {
        long size = switch (random.nextInt(4)) {
          case 0 -> 0;
          case 1 -> random.nextInt(c.maxTableSize + 1);
          case 2 -> c.maxTableSize + random.nextInt(2);
          default -> Integer.MAX_VALUE;
        };
        out.writeBytes(integer(0x20, 5, size));
      } else if (kind <= 3) {
        out.writeBytes(integer(0x80, 7, random.nextInt(lastIndex + 3)));
      } else {
        int[] flagsAndPrefix = switch (random.nextInt(3)) {
          case 0 -> new int[] {0x40, 6};
          case 1 -> new int[] {0x00, 4};
          default -> new int[] {0x10, 4};
        };
        int nameIndex = random.nextBoolean() ? 0 : random.nextInt(lastIndex + 2);
        out.writeBytes(integer(flagsAndPrefix[0], flagsAndPrefix[1], nameIndex));
        if (nameIndex == 0) {
          out.writeBytes(randomString(random, 1 + random.nextInt(20)));
        }
        int valueLength = random.nextInt(10) == 0 ? random.nextInt(3000) : random.nextInt(40);
        out.writeBytes(randomString(random, valueLength));
      }
    }
    return out.toByteArray();
  }

  /** A string literal (§5.2) of {@code length} chars, raw or Huffman, now and then malformed. */
  private static byte[] randomString(Random random, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = (char) (random.nextInt(4) == 0 ? random.nextInt(256) : 'a' + random.nextInt(26));
    }
    String s = new String(chars);
    byte[] octets;
    boolean huffman = random.nextBoolean();
    if (huffman) {
      octets = new byte[Huffman.encodedLength(s)];
      Huffman.encode(s, octets);
    } else {
      octets = s.getBytes(StandardCharsets.ISO_8859_1);
    }
    int flaw = random.nextInt(20);
    if (flaw == 0 && octets.length > 0) {
      // Garbled: a Huffman string may no longer decode.
      octets[random.nextInt(octets.length)] = (byte) random.nextInt(256);
    }
    int announced = octets.length + (flaw == 1 ? 1 : flaw == 2 ? -Math.min(1, octets.length) : 0);
    return concat(integer(huffman ? 0x80 : 0x00, 7, announced), octets);
  }

  // The decoder under test next to its reference.

  /** What decoding one block gave: the fields, or the exception. */
  private record Outcome(List<HeaderField> fields, HpackException error) {
    boolean isCompressionError() {
      return error != null && !error.isHeaderListTooLarge();
    }

    @Override
    public String toString() {
      if (error == null) {
        return "fields " + fields;
      }
      return (isCompressionError() ? "malformed: " : "too large: ") + error.getMessage();
    }
  }

  /**
   * One connection's receiving side as a case drives it: the decoder under test and the
   * reference, fed the same blocks; what they were given is kept for the failure message.
   */
  private static final class Connection {
    final HpackDecoder decoder;
    final HpackDecoder reference;
    int maxTableSize;
    long maxListSize;
    /** What happened to the decoder under test, in order, as code to replay it. */
    private final List<String> events = new ArrayList<>();

    /** {@code label} says which input of the case with {@code seed} this is. */
    Connection(long seed, String label, int maxTableSize, long maxListSize) {
      this.maxTableSize = maxTableSize;
      this.maxListSize = maxListSize;
      this.decoder = new HpackDecoder(maxTableSize, maxListSize);
      this.reference = new HpackDecoder(maxTableSize, Long.MAX_VALUE);
      events.add("seed 0x" + Long.toHexString(seed) + " " + label
          + ": new HpackDecoder(" + maxTableSize + ", " + maxListSize + ")");
    }

    void setMaxHeaderTableSize(int size) {
      events.add("setMaxHeaderTableSize(" + size + ")");
      maxTableSize = size;
      decoder.setMaxHeaderTableSize(size);
      reference.setMaxHeaderTableSize(size);
    }

    void setMaxHeaderListSize(long size) {
      events.add("setMaxHeaderListSize(" + size + ")");
      maxListSize = size;
      decoder.setMaxHeaderListSize(size);
    }

    /** Decodes {@code block} with both decoders, checks they agree, and returns the outcome. */
    Outcome receive(byte[] block, Random random) {
      ByteBuffer buffer = anyKindOfBuffer(block, random);
      events.add("decode " + Hex.of(block) + " (" + describe(buffer) + ")");
      Outcome expected = decode(reference, ByteBuffer.wrap(block));
      Outcome actual = decode(decoder, buffer);
      if (expected.error != null) {
        check(expected.isCompressionError(), "the reference has no list limit yet found one");
        check(actual.isCompressionError(), () -> "malformed for the reference, but " + actual);
        return actual;
      }
      long size = 0;
      for (HeaderField f : expected.fields) {
        size += f.hpackSize();
      }
      if (size <= maxListSize) {
        check(expected.fields.equals(actual.fields), () -> expected + " expected, got " + actual);
      } else {
        check(actual.error != null && actual.error.isHeaderListTooLarge(),
            () -> "list of " + expected.fields.size() + " fields over the limit, but " + actual);
      }
      check(sameTable(reference.table(), decoder.table()), "tables out of step");
      check(decoder.table().size() <= decoder.table().capacity(), "table over its capacity");
      return actual;
    }

    private Outcome decode(HpackDecoder d, ByteBuffer block) {
      long start = System.nanoTime();
      Outcome outcome;
      try {
        outcome = new Outcome(d.decode(block), null);
      } catch (HpackException e) {
        outcome = new Outcome(null, e);
      } catch (Throwable t) {
        throw new AssertionError(replay("threw " + t + " instead of HpackException"), t);
      }
      long nanos = System.nanoTime() - start;
      check(nanos < PROMPT_NANOS, () -> "took " + nanos / 1_000_000 + " ms");
      if (!outcome.isCompressionError()) {
        check(!block.hasRemaining(), "a decoded block must be consumed to its end");
      }
      if (outcome.fields != null) {
        check(!outcome.fields.contains(null), "null field");
      }
      return outcome;
    }

    void check(boolean condition, String what) {
      if (!condition) {
        throw new AssertionError(replay(what));
      }
    }

    void check(boolean condition, Supplier<String> what) {
      if (!condition) {
        throw new AssertionError(replay(what.get()));
      }
    }

    private String replay(String what) {
      return what + "\n  " + String.join("\n  ", events);
    }
  }

  /** A connection that has received {@code history}, checked. */
  private static Connection connectionAfter(List<byte[]> history, int n, long seed) {
    Connection c = new Connection(seed, "sequence " + n, 4096, Long.MAX_VALUE);
    Random unused = new Random(0);
    for (byte[] block : history) {
      c.check(c.receive(block, unused).error == null, "valid block failed");
    }
    return c;
  }

  /** The block in one of the buffers a connection may hand over, all of which must decode alike. */
  private static ByteBuffer anyKindOfBuffer(byte[] block, Random random) {
    int kind = random.nextInt(5);
    if (kind <= 1) {
      // Inside a larger array, with octets on both sides the decoder must not read; the slice
      // starts at array offset 3, the other at position 3.
      byte[] larger = new byte[block.length + 6];
      Arrays.fill(larger, (byte) 0x82);
      System.arraycopy(block, 0, larger, 3, block.length);
      ByteBuffer inside = ByteBuffer.wrap(larger, 3, block.length);
      return kind == 0 ? inside : inside.slice();
    }
    return switch (kind) {
      case 2 -> ByteBuffer.wrap(block);
      case 3 -> ByteBuffer.allocateDirect(block.length).put(block).flip();
      default -> ByteBuffer.wrap(block).asReadOnlyBuffer();
    };
  }

  private static String describe(ByteBuffer buffer) {
    if (buffer.isDirect()) {
      return "direct buffer";
    }
    if (buffer.isReadOnly()) {
      return "read-only buffer";
    }
    return "array offset " + buffer.arrayOffset() + ", position " + buffer.position();
  }

  static boolean sameTable(DynamicTable a, DynamicTable b) {
    if (a.length() != b.length() || a.size() != b.size() || a.capacity() != b.capacity()) {
      return false;
    }
    for (int i = 1; i <= a.length(); i++) {
      if (!a.get(i).equals(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static void add(List<HeaderField> list, String name, String value) {
    list.add(new HeaderField(name, value));
  }

  private static String pick(Random random, String... choices) {
    return choices[random.nextInt(choices.length)];
  }
}
