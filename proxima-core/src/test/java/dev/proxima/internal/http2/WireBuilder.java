package dev.proxima.internal.http2;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Octets being built, and where each frame starts in them. */
final class WireBuilder {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final List<Integer> frameStarts = new ArrayList<>();

  void raw(byte[] bytes) {
    out.writeBytes(bytes);
  }

  void frame(int type, int flags, int streamId, byte[] payload) {
    frameStarts.add(out.size());
    out.writeBytes(Frames.raw(type, flags, streamId, payload));
  }

  byte[] bytes() {
    return out.toByteArray();
  }
}
