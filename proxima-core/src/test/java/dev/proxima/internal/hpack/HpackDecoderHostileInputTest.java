package dev.proxima.internal.hpack;

import static dev.proxima.internal.hpack.GrpcHeaderLists.grpcHeaders;
import static dev.proxima.internal.hpack.GrpcHeaderLists.receivedAs;
import static dev.proxima.internal.hpack.RandomBlocks.PRIMER;
import static dev.proxima.internal.hpack.RandomBlocks.randomOctets;
import static dev.proxima.internal.hpack.RandomBlocks.randomRepresentations;
import static dev.proxima.internal.hpack.RawBlocks.encode;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.internal.hpack.CheckedConnection.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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
 *
 * <p>Case 1 takes its inputs from {@link RandomBlocks}, case 2 from {@link GrpcHeaderLists} and
 * {@link BlockMutator}; {@link CheckedConnection} holds the two decoders and compares them. {@link
 * HpackDecoderRulesTest} takes the rules one at a time.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HpackDecoderHostileInputTest {
  // Case 1: random octets.

  @Test
  void randomOctetsDecodeOrFailWithHpackException() {
    long seed = 0x4e51_0001L;
    Random random = new Random(seed);
    for (int n = 0; n < 8000; n++) {
      int maxTable = random.nextBoolean() ? random.nextInt(300) : 4096 << random.nextInt(4);
      long maxList = random.nextBoolean() ? random.nextInt(400) : Long.MAX_VALUE;
      CheckedConnection c = new CheckedConnection(seed, "input " + n, maxTable, maxList);
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
      CheckedConnection c = new CheckedConnection(seed, "connection " + n, maxTable, maxList);
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
      CheckedConnection c = new CheckedConnection(seed, "connection " + n, 4096, maxList);
      HpackEncoder encoder = new HpackEncoder();
      byte[] previous = new byte[0];
      boolean inSync = true;
      for (int b = 0; b < 30; b++) {
        List<HeaderField> sent = grpcHeaders(random);
        byte[] block = encode(encoder, sent);
        boolean mutate = random.nextInt(3) == 0;
        byte[] received = mutate ? BlockMutator.mutate(block, previous, random) : block;
        previous = block;
        Outcome outcome = c.receive(received, random);
        if (outcome.isCompressionError()) {
          // The connection is dead (COMPRESSION_ERROR); the peer would open a new one.
          c = new CheckedConnection(seed, "connection " + n + " after block " + b, 4096, maxList);
          encoder = new HpackEncoder();
          inSync = true;
          continue;
        }
        inSync &= !mutate;
        if (inSync) {
          // Checks the harness as much as the decoder: unmutated blocks must come through whole.
          c.check(!outcome.isCompressionError(), "valid block failed");
          if (outcome.error() == null) {
            c.check(receivedAs(sent).equals(outcome.fields()), "valid block decoded wrong");
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
      List<HeaderField> whole = connectionAfter(history, n, seed).receive(block, random).fields();
      for (int length = 0; length < block.length; length++) {
        CheckedConnection c = connectionAfter(history, n, seed);
        Outcome outcome = c.receive(Arrays.copyOf(block, length), random);
        if (outcome.error() == null) {
          List<HeaderField> fields = outcome.fields();
          c.check(fields.size() < whole.size() && whole.subList(0, fields.size()).equals(fields),
              "a truncated block decoded to fields that are not a prefix of " + whole);
        }
      }
    }
  }

  /** A connection that has received {@code history}, checked. */
  private static CheckedConnection connectionAfter(List<byte[]> history, int n, long seed) {
    CheckedConnection c = new CheckedConnection(seed, "sequence " + n, 4096, Long.MAX_VALUE);
    Random unused = new Random(0);
    for (byte[] block : history) {
      c.check(c.receive(block, unused).error() == null, "valid block failed");
    }
    return c;
  }
}
