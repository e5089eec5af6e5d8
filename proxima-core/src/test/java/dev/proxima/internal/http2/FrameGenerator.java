package dev.proxima.internal.http2;

import static dev.proxima.internal.http2.FrameLayout.ACK;
import static dev.proxima.internal.http2.FrameLayout.CONTINUATION;
import static dev.proxima.internal.http2.FrameLayout.DATA;
import static dev.proxima.internal.http2.FrameLayout.END_HEADERS;
import static dev.proxima.internal.http2.FrameLayout.END_STREAM;
import static dev.proxima.internal.http2.FrameLayout.GOAWAY;
import static dev.proxima.internal.http2.FrameLayout.HEADERS;
import static dev.proxima.internal.http2.FrameLayout.PADDED;
import static dev.proxima.internal.http2.FrameLayout.PING;
import static dev.proxima.internal.http2.FrameLayout.PRIORITY;
import static dev.proxima.internal.http2.FrameLayout.PRIORITY_FLAG;
import static dev.proxima.internal.http2.FrameLayout.PUSH_PROMISE;
import static dev.proxima.internal.http2.FrameLayout.RST_STREAM;
import static dev.proxima.internal.http2.FrameLayout.SETTINGS;
import static dev.proxima.internal.http2.FrameLayout.WINDOW_UPDATE;
import static dev.proxima.internal.http2.FrameReaderHostileInputTest.MAX_FRAME_SIZE;
import static dev.proxima.internal.http2.FrameReaderHostileInputTest.MAX_HEADER_BLOCK;
import static dev.proxima.internal.http2.Frames.concat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * Valid frame sequences for {@link FrameReaderHostileInputTest}, for {@link FrameMutator} to
 * change: frames of every type, with and without padding, priority and CONTINUATION frames, in a
 * {@link WireBuilder} that notes where each frame starts.
 */
final class FrameGenerator {
  private FrameGenerator() {}

  /** A SETTINGS frame and then up to a dozen frames of every type, each of them valid. */
  static void validFrames(Random random, WireBuilder wire) {
    wire.frame(SETTINGS, 0, 0, validSettings(random));
    int count = 1 + random.nextInt(12);
    for (int i = 0; i < count; i++) {
      int streamId = random.nextInt(8) == 0 ? 1 + random.nextInt(Integer.MAX_VALUE)
          : 1 + 2 * random.nextInt(50);
      switch (random.nextInt(10)) {
        case 0 -> {
          byte[] data = randomBytes(random, random.nextInt(20) == 0
              ? random.nextInt(MAX_FRAME_SIZE - 256) : random.nextInt(64));
          int flags = random.nextBoolean() ? END_STREAM : 0;
          if (random.nextBoolean()) {
            wire.frame(DATA, flags | PADDED, streamId, padded(data, random.nextInt(256)));
          } else {
            wire.frame(DATA, flags, streamId, data);
          }
        }
        case 1, 2 -> headerBlock(random, wire, streamId, random.nextInt(4) == 0);
        case 3 -> {
          int dependency = random.nextInt(Integer.MAX_VALUE);
          wire.frame(PRIORITY, 0, streamId, ByteBuffer.allocate(5)
              .putInt(dependency == streamId ? dependency + 1 : dependency)
              .put((byte) random.nextInt(256)).array());
        }
        case 4 -> wire.frame(RST_STREAM, 0, streamId, intBytes(random.nextInt(20)));
        case 5 -> {
          if (random.nextBoolean()) {
            wire.frame(SETTINGS, ACK, 0, new byte[0]);
          } else {
            wire.frame(SETTINGS, 0, 0, validSettings(random));
          }
        }
        case 6 -> wire.frame(PING, random.nextInt(2), 0, randomBytes(random, 8));
        case 7 -> wire.frame(GOAWAY, 0, 0, concat(intBytes(random.nextInt(1000)),
            intBytes(random.nextInt(16)), randomBytes(random, random.nextInt(20))));
        case 8 -> wire.frame(WINDOW_UPDATE, 0, random.nextBoolean() ? 0 : streamId,
            intBytes(1 + random.nextInt(Integer.MAX_VALUE)));
        default -> wire.frame(10 + random.nextInt(246), random.nextInt(256),
            random.nextInt(100), randomBytes(random, random.nextInt(30)));
      }
    }
  }

  /**
   * HEADERS or PUSH_PROMISE, with or without padding and priority, its block cut into up to four
   * fragments carried on by CONTINUATION frames.
   */
  private static void headerBlock(Random random, WireBuilder wire, int streamId, boolean push) {
    // Now and then a block longer than the reader takes: valid framing, but over our limit.
    byte[] block = randomBytes(random, random.nextInt(10) == 0
        ? random.nextInt(MAX_HEADER_BLOCK + 1000) : random.nextInt(200));
    int fragments = 1 + random.nextInt(4);
    int[] cuts = random.ints(fragments - 1, 0, block.length + 1).sorted().toArray();
    int from = 0;
    for (int f = 0; f < fragments; f++) {
      int to = f < cuts.length ? cuts[f] : block.length;
      byte[] fragment = Arrays.copyOfRange(block, from, to);
      int flags = f == fragments - 1 ? END_HEADERS : 0;
      if (f > 0) {
        wire.frame(CONTINUATION, flags, streamId, fragment);
      } else {
        byte[] fields = new byte[0];
        if (push) {
          fields = intBytes(2 * (1 + random.nextInt(1000)));
        } else {
          flags |= random.nextBoolean() ? END_STREAM : 0;
          if (random.nextBoolean()) {
            flags |= PRIORITY_FLAG;
            int dependency = random.nextInt(Integer.MAX_VALUE);
            fields = ByteBuffer.allocate(5).putInt((dependency == streamId ? dependency + 1
                : dependency) | (random.nextBoolean() ? 0x8000_0000 : 0))
                .put((byte) random.nextInt(256)).array();
          }
        }
        byte[] payload = concat(fields, fragment);
        if (random.nextBoolean()) {
          flags |= PADDED;
          payload = padded(payload, random.nextInt(256));
        }
        wire.frame(push ? PUSH_PROMISE : HEADERS, flags, streamId, payload);
      }
      from = to;
    }
  }

  private static byte[] validSettings(Random random) {
    ByteBuffer b = ByteBuffer.allocate(6 * 4);
    for (int n = random.nextInt(4); n > 0; n--) {
      int id = 1 + random.nextInt(8); // 7 and 8 are unknown: ignored
      long value = switch (id) {
        case Http2Settings.ENABLE_PUSH -> random.nextInt(2);
        case Http2Settings.INITIAL_WINDOW_SIZE -> random.nextInt(Integer.MAX_VALUE);
        case Http2Settings.MAX_FRAME_SIZE -> MAX_FRAME_SIZE + random.nextInt(1 << 20);
        default -> random.nextInt() & 0xffff_ffffL;
      };
      b.putShort((short) id).putInt((int) value);
    }
    return Arrays.copyOf(b.array(), b.position());
  }

  /** {@code content} behind a pad length octet and followed by that many zeros (RFC 9113 §6.1). */
  private static byte[] padded(byte[] content, int padLength) {
    return concat(new byte[] {(byte) padLength}, content, new byte[padLength]);
  }

  static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] intBytes(int value) {
    return ByteBuffer.allocate(4).putInt(value).array();
  }
}
