package dev.proxima.internal.http2;

import dev.proxima.internal.io.OutboundBuffer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** Test helpers: building wire bytes and feeding them to a reader. */
final class Frames {
  private Frames() {}

  /** The octets {@code writes} produce on a fresh writer. */
  static byte[] write(Consumer<OutboundBuffer> writes) {
    OutboundBuffer out = new OutboundBuffer();
    writes.accept(out);
    return out.toByteArray();
  }

  /** One raw frame, fields unchecked. */
  static byte[] raw(int type, int flags, int streamId, byte... payload) {
    return write(out -> new FrameWriter().frame(out, type, flags, streamId, payload));
  }

  /** An empty SETTINGS frame: what must open the frame stream (RFC 9113 §3.4). */
  static byte[] emptySettings() {
    return raw(FrameType.SETTINGS.code(), 0, 0);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  /** Feeds {@code wire} in one read. */
  static void readAll(FrameReader reader, byte[] wire, FrameHandler handler) throws Http2Exception {
    ByteBuffer in = ByteBuffer.wrap(wire);
    reader.read(in, handler);
  }

  /**
   * Feeds {@code wire} in pieces of {@code chunk} octets through one reused buffer, the way the
   * event loop does, scribbling over it between reads to catch anything kept past a call.
   */
  static void readInChunks(FrameReader reader, byte[] wire, int chunk, FrameHandler handler)
      throws Http2Exception {
    ByteBuffer buffer = ByteBuffer.allocate(chunk);
    for (int at = 0; at < wire.length; at += chunk) {
      buffer.clear();
      buffer.put(wire, at, Math.min(chunk, wire.length - at)).flip();
      reader.read(buffer, handler);
      if (buffer.hasRemaining()) {
        throw new AssertionError("reader left " + buffer.remaining() + " octets unread");
      }
      buffer.clear();
      while (buffer.hasRemaining()) {
        buffer.put((byte) 0x55);
      }
    }
  }
}
