package dev.proxima.internal.http2;

import static dev.proxima.internal.http2.FrameGenerator.randomBytes;
import static dev.proxima.internal.http2.FrameLayout.DATA;
import static dev.proxima.internal.http2.FrameLayout.END_HEADERS;
import static dev.proxima.internal.http2.FrameLayout.HEADERS;
import static dev.proxima.internal.http2.FrameLayout.PADDED;
import static dev.proxima.internal.http2.FrameLayout.PRIORITY;
import static dev.proxima.internal.http2.FrameLayout.PRIORITY_FLAG;
import static dev.proxima.internal.http2.FrameLayout.PUSH_PROMISE;
import static dev.proxima.internal.http2.FrameLayout.SETTINGS;
import static dev.proxima.internal.http2.FrameLayout.WINDOW_UPDATE;
import static dev.proxima.internal.http2.FrameLayout.medium;
import static dev.proxima.internal.http2.FrameLayout.setMedium;
import static dev.proxima.internal.http2.FrameReaderHostileInputTest.MAX_FRAME_SIZE;
import static dev.proxima.internal.http2.Frames.concat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Changes to valid frame sequences from {@link FrameGenerator}, for {@link
 * FrameReaderHostileInputTest}: random octets, and the fields the rules bound set at their bounds.
 */
final class FrameMutator {
  private FrameMutator() {}

  /** One random change: a bit, an octet, a header field, a cut, a gap, an insertion or a copy. */
  static byte[] mutate(Random random, byte[] wire, List<Integer> frameStarts) {
    if (wire.length == 0) {
      return randomBytes(random, 1 + random.nextInt(20));
    }
    byte[] b = wire.clone();
    int at = random.nextInt(b.length);
    // Earlier mutations may have cut the input short of this frame: then change any octet.
    int frame = frameStarts.get(random.nextInt(frameStarts.size()));
    int kind = frame + FrameReader.HEADER_LENGTH <= b.length ? random.nextInt(11) : 1;
    switch (kind) {
      case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
      case 1 -> b[at] = (byte) random.nextInt(256);
      case 2 -> { // the length field: off by a little, or anything
        int length = random.nextBoolean() ? medium(b, frame) + random.nextInt(11) - 5
            : random.nextInt(3) == 0 ? MAX_FRAME_SIZE + random.nextInt(2) : random.nextInt(1 << 24);
        setMedium(b, frame, length);
      }
      case 3 -> b[frame + 3] = (byte) (random.nextBoolean() ? random.nextInt(11) : random.nextInt(256));
      case 4 -> b[frame + 4] = (byte) random.nextInt(256);
      case 5 -> { // the stream id: 0, another stream, the reserved bit
        int streamId = switch (random.nextInt(3)) {
          case 0 -> 0;
          case 1 -> random.nextInt(10);
          default -> ByteBuffer.wrap(b).getInt(frame + 5) ^ 0x8000_0000;
        };
        ByteBuffer.wrap(b).putInt(frame + 5, streamId);
      }
      case 6 -> { // an early payload octet: a pad length, a dependency, a setting's value, ...
        int octets = Math.min(6, b.length - frame - FrameReader.HEADER_LENGTH);
        if (octets > 0) {
          b[frame + FrameReader.HEADER_LENGTH + random.nextInt(octets)] = (byte) random.nextInt(256);
        }
      }
      case 7 -> b = Arrays.copyOf(b, at);
      case 8 -> {
        int end = Math.min(b.length, at + 1 + random.nextInt(20));
        b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, end, b.length));
      }
      case 9 -> valueAtTheEdge(random, b, frame);
      default -> { // a copy of one frame's first octets, or of random octets, put anywhere
        byte[] inserted = random.nextBoolean() ? randomBytes(random, 1 + random.nextInt(20))
            : Arrays.copyOfRange(b, frame, Math.min(b.length, frame + 9 + random.nextInt(40)));
        b = concat(Arrays.copyOf(b, at), inserted, Arrays.copyOfRange(b, at, b.length));
      }
    }
    return b;
  }

  /**
   * Sets a field a rule bounds to a value at or just past the bound: random octets seldom hit
   * those (a setting out of range, increment 0, a stream depending on itself, padding as long as
   * the payload).
   */
  private static void valueAtTheEdge(Random random, byte[] b, int frame) {
    ByteBuffer w = ByteBuffer.wrap(b);
    int payload = frame + FrameReader.HEADER_LENGTH;
    int length = Math.min(medium(b, frame), b.length - payload);
    int streamId = w.getInt(frame + 5) & 0x7fff_ffff;
    switch (b[frame + 3] & 0xff) {
      case SETTINGS -> {
        if (length >= 6) {
          int id = new int[] {Http2Settings.ENABLE_PUSH, Http2Settings.INITIAL_WINDOW_SIZE,
              Http2Settings.MAX_FRAME_SIZE}[random.nextInt(3)];
          long value = switch (id) {
            case Http2Settings.ENABLE_PUSH -> 1 + random.nextInt(2);
            case Http2Settings.INITIAL_WINDOW_SIZE -> Integer.MAX_VALUE + (long) random.nextInt(2);
            default -> random.nextBoolean() ? MAX_FRAME_SIZE - random.nextInt(2) : (1 << 24) - random.nextInt(2);
          };
          w.putShort(payload, (short) id).putInt(payload + 2, (int) value);
        }
      }
      case WINDOW_UPDATE -> {
        if (length >= 4) {
          w.putInt(payload, random.nextBoolean() ? 0 : 0x8000_0000);
        }
      }
      case PRIORITY -> {
        if (length >= 4) {
          w.putInt(payload, streamId | (random.nextBoolean() ? 0x8000_0000 : 0));
        }
      }
      case HEADERS -> {
        int fields = (b[frame + 4] & PADDED) != 0 ? 1 : 0;
        if (length >= fields + 5) {
          b[frame + 4] |= (byte) PRIORITY_FLAG;
          w.putInt(payload + fields, streamId);
        }
      }
      case DATA, PUSH_PROMISE -> {
        if (length >= 1) {
          b[frame + 4] |= (byte) PADDED;
          b[payload] = (byte) (length - random.nextInt(2));
        }
      }
      default -> b[frame + 4] ^= (byte) END_HEADERS;
    }
  }
}
