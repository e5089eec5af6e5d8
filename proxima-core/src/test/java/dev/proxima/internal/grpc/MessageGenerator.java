package dev.proxima.internal.grpc;

import static dev.proxima.internal.grpc.MessageDeframerHostileInputTest.SMALL_MAX;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * Valid streams of length-prefixed messages for {@link MessageDeframerHostileInputTest}, for {@link
 * MessageMutator} to change.
 */
final class MessageGenerator {
  private MessageGenerator() {}

  /** Up to six messages, uncompressed or (when gzip was declared) compressed. */
  static byte[] validMessages(Random random, boolean gzip) {
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
}
