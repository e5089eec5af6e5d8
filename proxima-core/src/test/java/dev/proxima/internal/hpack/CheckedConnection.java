package dev.proxima.internal.hpack;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One connection's receiving side as a case drives it: the decoder under test and the
 * reference, fed the same blocks; what they were given is kept for the failure message.
 *
 * <p>The reference has the same table size and no header list limit; {@link #receive} checks the
 * two agree the way {@link HpackDecoderHostileInputTest} lays down.
 */
final class CheckedConnection {
  /** Blocks here decode in microseconds; a second means a loop gone wrong. */
  private static final long PROMPT_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** What decoding one block gave: the fields, or the exception. */
  record Outcome(List<HeaderField> fields, HpackException error) {
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

  final HpackDecoder decoder;
  final HpackDecoder reference;
  int maxTableSize;
  long maxListSize;
  /** What happened to the decoder under test, in order, as code to replay it. */
  private final List<String> events = new ArrayList<>();

  /** {@code label} says which input of the case with {@code seed} this is. */
  CheckedConnection(long seed, String label, int maxTableSize, long maxListSize) {
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
}
