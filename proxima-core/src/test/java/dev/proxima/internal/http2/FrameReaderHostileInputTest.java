package dev.proxima.internal.http2;

import static dev.proxima.internal.http2.Frames.concat;
import static dev.proxima.internal.http2.Frames.emptySettings;
import static dev.proxima.internal.http2.ReadOutcome.isError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A peer may send anything. Whatever the bytes and however they are cut into reads, {@link
 * FrameReader} either reports frames or throws the {@link Http2Exception} RFC 9113 names for the
 * rule the first bad frame breaks, and after a stream error it reads on.
 *
 * <p>The fuzz cases are seeded: a failure prints the case seed, the chunk sizes and the input in
 * hex, and {@link #replay} runs one case again. Each case is checked three ways: against {@link
 * FramingRules}, a plain model of the rules that reads the whole input at once; in one read; and in
 * random chunks, which must give the very same frames and errors as the one read.
 *
 * <p>The cases are valid frame sequences from {@link FrameGenerator} changed by {@link
 * FrameMutator}, and random octets after a valid start. {@link FrameReaderEdgeCasesTest} pins down
 * the bounds themselves.
 */
class FrameReaderHostileInputTest {
  private static final long SEED = 0x9113_0001L;
  private static final int MUTATED_CASES = 3000;
  private static final int RANDOM_CASES = 1500;

  // The limits the reader reads under; FrameGenerator, FrameMutator and FramingRules work to them.
  static final int MAX_FRAME_SIZE = Http2Settings.DEFAULT_MAX_FRAME_SIZE;
  /** Small, so that generated header blocks reach it now and then. */
  static final int MAX_HEADER_BLOCK = 4096;

  @Test
  void mutatedFrameSequencesGiveTheFramesOrTheErrorTheRfcNames() {
    EndingTally tally = new EndingTally();
    for (int i = 0; i < MUTATED_CASES; i++) {
      tally.add(mutatedCase(SEED + i));
    }
    // The generator must reach every kind of ending, or the cases above prove little.
    tally.assertReached("the end of the input without an error", "frames",
        "stream error FRAME_SIZE_ERROR", "stream error PROTOCOL_ERROR",
        "connection error FRAME_SIZE_ERROR", "connection error PROTOCOL_ERROR",
        "connection error ENHANCE_YOUR_CALM", "connection error FLOW_CONTROL_ERROR");
  }

  @Test
  void randomBytesAfterAValidStartGiveFramesOrTheErrorTheRfcNames() {
    EndingTally tally = new EndingTally();
    for (int i = 0; i < RANDOM_CASES; i++) {
      tally.add(randomCase(SEED + MUTATED_CASES + i));
    }
    tally.assertReached("the end of the input without an error",
        "connection error FRAME_SIZE_ERROR", "connection error PROTOCOL_ERROR");
  }

  /** Runs one fuzz case again by the seed a failure printed. */
  static List<String> replay(long caseSeed) {
    return caseSeed < SEED + MUTATED_CASES ? mutatedCase(caseSeed) : randomCase(caseSeed);
  }

  private static List<String> mutatedCase(long caseSeed) {
    Random random = new Random(caseSeed);
    boolean server = random.nextInt(3) == 0;
    WireBuilder wire = new WireBuilder();
    if (server) {
      wire.raw(Preface.bytes());
    }
    FrameGenerator.validFrames(random, wire);
    byte[] bytes = wire.bytes();
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      bytes = FrameMutator.mutate(random, bytes, wire.frameStarts);
    }
    return check(caseSeed, random, server, bytes);
  }

  private static List<String> randomCase(long caseSeed) {
    Random random = new Random(caseSeed);
    boolean server = random.nextBoolean();
    byte[] start = concat(server ? Preface.bytes() : new byte[0],
        random.nextInt(4) == 0 ? new byte[0] : emptySettings());
    byte[] noise = new byte[random.nextInt(300)];
    boolean biased = random.nextBoolean();
    for (int i = 0; i < noise.length; i++) {
      // Mostly zeros and small values make plausible frame headers; pure noise rarely does.
      noise[i] = (byte) (!biased ? random.nextInt(256)
          : random.nextInt(2) == 0 ? 0 : random.nextInt(3) == 0 ? random.nextInt(256)
          : random.nextInt(10));
    }
    return check(caseSeed, random, server, concat(start, noise));
  }

  /**
   * Reads {@code wire} in one piece and in random chunks, compares each against the RFC model and
   * the chunked reads against the one read. Returns the outcome of the one read.
   */
  private static List<String> check(long caseSeed, Random random, boolean server, byte[] wire) {
    int[] chunks = {wire.length};
    try {
      List<String> expected = FramingRules.expect(wire, server);
      ReadOutcome whole = ReadOutcome.read(wire, server, chunks);
      assertMatches(expected, whole.events());
      for (int c = 0; c < 3; c++) {
        chunks = randomChunks(random, wire.length, c);
        ReadOutcome pieces = ReadOutcome.read(wire, server, chunks);
        if (!pieces.equals(whole)) {
          throw new AssertionError("in chunks: " + pieces + "\nin one read: " + whole);
        }
      }
      if (wire.length <= 2048) {
        chunks = new int[wire.length];
        Arrays.fill(chunks, 1);
        ReadOutcome bytes = ReadOutcome.read(wire, server, chunks);
        if (!bytes.equals(whole)) {
          throw new AssertionError("byte by byte: " + bytes + "\nin one read: " + whole);
        }
      }
      return whole.events();
    } catch (Throwable t) {
      throw new AssertionError("case seed 0x" + Long.toHexString(caseSeed) + " (replay("
          + caseSeed + "L)), " + (server ? "server" : "client") + " side, chunks "
          + Arrays.toString(chunks) + ", input (" + wire.length + " octets):\n"
          + HexFormat.of().formatHex(wire) + "\n" + t, t);
    }
  }

  /** Chunk sizes that add up to {@code length}: large, small, or around a frame header's size. */
  private static int[] randomChunks(Random random, int length, int style) {
    List<Integer> sizes = new ArrayList<>();
    for (int left = length; left > 0; ) {
      int bound = switch (style) {
        case 0 -> left;
        case 1 -> 16;
        default -> 2 * FrameReader.HEADER_LENGTH + 2;
      };
      int n = Math.min(left, 1 + random.nextInt(bound));
      sizes.add(n);
      left -= n;
    }
    return sizes.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Compares what the reader reported with what the model expects. An expected error lists every
   * code the RFC allows for the rules that frame broke ({@code "connection error A|B"}); the
   * reader's must be one of them.
   */
  private static void assertMatches(List<String> expected, List<String> actual) {
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      String want = i < expected.size() ? expected.get(i) : "(nothing)";
      String got = i < actual.size() ? actual.get(i) : "(nothing)";
      boolean same = isError(want) ? isError(got) && allows(want, got) : want.equals(got);
      if (!same) {
        throw new AssertionError("event " + i + ": expected " + want + " but was " + got
            + "\nexpected " + expected + "\nactual   " + actual);
      }
    }
  }

  private static boolean allows(String want, String got) {
    int w = want.lastIndexOf(' ');
    int g = got.lastIndexOf(' ');
    return want.substring(0, w).equals(got.substring(0, g))
        && Set.of(want.substring(w + 1).split("\\|")).contains(got.substring(g + 1));
  }
}
