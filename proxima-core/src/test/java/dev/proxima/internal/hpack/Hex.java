package dev.proxima.internal.hpack;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Hex dumps as RFC 7541 Appendix C prints them ("8286 8441 ..."), whitespace ignored. */
final class Hex {
  private Hex() {}

  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
  }

  static ByteBuffer buffer(String hex) {
    return ByteBuffer.wrap(bytes(hex));
  }

  static String of(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
