package dev.proxima.internal.hpack;

import dev.proxima.internal.io.OutboundBuffer;
import java.nio.ByteBuffer;

/**
 * Integers with an N-bit prefix (RFC 7541 §5.1): values below 2^N-1 fit the prefix, larger ones
 * fill it with ones and continue in 7-bit groups, least significant first.
 */
final class IntegerCodec {
  /**
   * Continuation octets allowed after a full prefix: 5 carry 35 bits, enough for any value up to
   * 2^31-1 whatever the prefix. More is either an overflow or zero-padding that only serves to
   * make the decoder spin, so both are rejected.
   */
  private static final int MAX_CONTINUATION_OCTETS = 5;

  private IntegerCodec() {}

  /**
   * Writes {@code value} (>= 0) with a {@code prefixBits}-bit prefix; {@code flags} holds the bits
   * of the first octet above the prefix (the representation type).
   */
  static void encode(OutboundBuffer out, int flags, int prefixBits, int value) {
    int max = (1 << prefixBits) - 1;
    if (value < max) {
      out.writeByte(flags | value);
      return;
    }
    out.writeByte(flags | max);
    value -= max;
    while (value >= 0x80) {
      out.writeByte((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.writeByte(value);
  }

  /**
   * Reads an integer whose first octet {@code first} has already been consumed from {@code in};
   * continuation octets are consumed from {@code in}.
   *
   * @throws HpackException if the input ends inside the integer, the value exceeds 2^31-1 or the
   *     encoding uses more continuation octets than any such value needs
   */
  static int decode(ByteBuffer in, int first, int prefixBits) throws HpackException {
    int max = (1 << prefixBits) - 1;
    int value = first & max;
    if (value < max) {
      return value;
    }
    long result = value;
    for (int i = 0, shift = 0; i < MAX_CONTINUATION_OCTETS; i++, shift += 7) {
      if (!in.hasRemaining()) {
        throw HpackException.compression("truncated integer");
      }
      int b = in.get() & 0xff;
      result += (long) (b & 0x7f) << shift;
      if (result > Integer.MAX_VALUE) {
        throw HpackException.compression("integer exceeds 2^31-1");
      }
      if ((b & 0x80) == 0) {
        return (int) result;
      }
    }
    throw HpackException.compression("integer encoding too long");
  }
}
