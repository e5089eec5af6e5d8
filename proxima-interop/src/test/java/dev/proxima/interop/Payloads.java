package dev.proxima.interop;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Test payloads. */
final class Payloads {
  private Payloads() {}

  /** {@code length} printable ASCII characters from a seeded generator: large and incompressible. */
  static String randomAscii(int length, long seed) {
    Random random = new Random(seed);
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (' ' + random.nextInt(95));
    }
    return new String(b, StandardCharsets.US_ASCII);
  }
}
