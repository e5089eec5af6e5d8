package dev.proxima.internal.grpc;

import static dev.proxima.internal.grpc.MessageDeframerHostileInputTest.SMALL_MAX;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Changes to valid message streams from {@link MessageGenerator}, for {@link
 * MessageDeframerHostileInputTest}: flags, lengths, bits, cuts, gaps and insertions.
 */
final class MessageMutator {
  private MessageMutator() {}

  /**
   * One random change: a flag, a length (over the limit, 2^31 and more, off by a little), a bit,
   * a cut, a gap, an insertion. A prefix lies at offset 0 and, often, at the offsets its length
   * leads to; a random offset is used as a prefix too.
   */
  static byte[] mutate(Random random, byte[] wire) {
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
}
