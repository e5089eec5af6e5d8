package dev.proxima.internal.hpack;

import static dev.proxima.internal.hpack.RawBlocks.concat;

import java.util.Arrays;
import java.util.Random;

/**
 * Case 2's mutations for {@link HpackDecoderHostileInputTest}: what corruption or a hostile peer
 * can make of a valid block, given the block sent before it.
 */
final class BlockMutator {
  private BlockMutator() {}

  /** One of the mutations a corrupting or hostile peer could apply to {@code block}. */
  static byte[] mutate(byte[] block, byte[] previous, Random random) {
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
}
