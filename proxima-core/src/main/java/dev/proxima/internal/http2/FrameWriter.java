package dev.proxima.internal.http2;

import dev.proxima.internal.io.OutboundBuffer;
import java.nio.ByteBuffer;

/**
 * Writes HTTP/2 frames (RFC 9113 §4–§6) into an {@link OutboundBuffer}. It knows the layout of
 * every frame and the peer's SETTINGS_MAX_FRAME_SIZE, nothing else: which frames may be sent when
 * is the connection's business. Arguments a correct caller never passes (negative stream ids, an
 * increment of 0, a DATA frame above the peer's limit) throw {@link IllegalArgumentException}.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
public final class FrameWriter {
  private int maxFrameSize = Http2Settings.DEFAULT_MAX_FRAME_SIZE;

  public FrameWriter() {}

  /** Sets the largest payload to send: the peer's SETTINGS_MAX_FRAME_SIZE (RFC 9113 §4.2). */
  public void setMaxFrameSize(int peerMaxFrameSize) {
    if (peerMaxFrameSize < Http2Settings.DEFAULT_MAX_FRAME_SIZE
        || peerMaxFrameSize > Http2Settings.MAX_MAX_FRAME_SIZE) {
      throw new IllegalArgumentException(
          "max frame size " + peerMaxFrameSize + " outside [2^14, 2^24-1] (RFC 9113 §6.5.2)");
    }
    this.maxFrameSize = peerMaxFrameSize;
  }

  public int maxFrameSize() {
    return maxFrameSize;
  }

  /** The 24-octet client connection preface (RFC 9113 §3.4); a SETTINGS frame must follow. */
  public void clientPreface(OutboundBuffer out) {
    out.write(Preface.bytes());
  }

  /**
   * A DATA frame (RFC 9113 §6.1), without padding. The remaining bytes of {@code data} are queued
   * with {@link OutboundBuffer#appendDetached} (large ones without a copy), so the caller must not
   * touch {@code data} afterwards.
   */
  public void data(OutboundBuffer out, int streamId, ByteBuffer data, boolean endStream) {
    checkStream(streamId);
    int length = data.remaining();
    if (length > maxFrameSize) {
      throw new IllegalArgumentException("DATA of " + length
          + " octets exceeds the peer's max frame size " + maxFrameSize + " (RFC 9113 §4.2)");
    }
    header(out, length, FrameType.DATA, endStream ? FrameFlags.END_STREAM : 0, streamId);
    out.appendDetached(data);
  }

  /**
   * A header block as one HEADERS frame followed by as many CONTINUATION frames as the peer's max
   * frame size needs, END_HEADERS on the last (RFC 9113 §6.2, §6.10). Nothing else may be sent on
   * the connection between them, which holds as they are written here in one go.
   */
  public void headers(OutboundBuffer out, int streamId, byte[] headerBlock, int offset, int length,
      boolean endStream) {
    checkStream(streamId);
    checkRange(headerBlock, offset, length);
    int first = Math.min(length, maxFrameSize);
    int flags = (endStream ? FrameFlags.END_STREAM : 0)
        | (first == length ? FrameFlags.END_HEADERS : 0);
    header(out, first, FrameType.HEADERS, flags, streamId);
    out.write(headerBlock, offset, first);
    continuations(out, streamId, headerBlock, offset + first, length - first);
  }

  /** A PRIORITY frame (RFC 9113 §6.3); {@code weight} is 1..256. */
  public void priority(OutboundBuffer out, int streamId, int dependency, int weight,
      boolean exclusive) {
    checkStream(streamId);
    if (dependency < 0) {
      throw new IllegalArgumentException("stream dependency " + dependency + " < 0");
    }
    if (weight < 1 || weight > 256) {
      throw new IllegalArgumentException("weight " + weight + " outside 1..256 (RFC 9113 §6.3)");
    }
    header(out, 5, FrameType.PRIORITY, 0, streamId);
    out.writeInt(exclusive ? dependency | 0x8000_0000 : dependency);
    out.writeByte(weight - 1);
  }

  /** A RST_STREAM frame (RFC 9113 §6.4). */
  public void rstStream(OutboundBuffer out, int streamId, ErrorCode code) {
    checkStream(streamId);
    header(out, 4, FrameType.RST_STREAM, 0, streamId);
    out.writeInt(code.code());
  }

  /** A SETTINGS frame carrying the parameters set in {@code settings}, in id order (§6.5). */
  public void settings(OutboundBuffer out, Http2Settings settings) {
    header(out, 6 * settings.count(), FrameType.SETTINGS, 0, 0);
    settings.forEach((id, value) -> {
      out.writeShort(id);
      out.writeInt((int) value);
    });
  }

  /** An empty SETTINGS frame with ACK (RFC 9113 §6.5.3). */
  public void settingsAck(OutboundBuffer out) {
    header(out, 0, FrameType.SETTINGS, FrameFlags.ACK, 0);
  }

  /**
   * A PUSH_PROMISE frame (RFC 9113 §6.6), followed by CONTINUATION frames when the block does not
   * fit; the promised stream id takes 4 octets of the first frame.
   */
  public void pushPromise(OutboundBuffer out, int streamId, int promisedStreamId,
      byte[] headerBlock, int offset, int length) {
    checkStream(streamId);
    checkStream(promisedStreamId);
    checkRange(headerBlock, offset, length);
    int first = Math.min(length, maxFrameSize - 4);
    header(out, 4 + first, FrameType.PUSH_PROMISE,
        first == length ? FrameFlags.END_HEADERS : 0, streamId);
    out.writeInt(promisedStreamId);
    out.write(headerBlock, offset, first);
    continuations(out, streamId, headerBlock, offset + first, length - first);
  }

  /** A PING frame (RFC 9113 §6.7); an ACK echoes the payload of the PING it answers. */
  public void ping(OutboundBuffer out, boolean ack, long payload) {
    header(out, 8, FrameType.PING, ack ? FrameFlags.ACK : 0, 0);
    out.writeLong(payload);
  }

  /**
   * A GOAWAY frame (RFC 9113 §6.8). Debug data is only diagnostics, so rather than fail, it is cut
   * to what fits in one frame.
   */
  public void goAway(OutboundBuffer out, int lastStreamId, ErrorCode code, byte[] debugData) {
    if (lastStreamId < 0) {
      throw new IllegalArgumentException("last stream id " + lastStreamId + " < 0");
    }
    int debugLength = debugData == null ? 0 : Math.min(debugData.length, maxFrameSize - 8);
    header(out, 8 + debugLength, FrameType.GOAWAY, 0, 0);
    out.writeInt(lastStreamId);
    out.writeInt(code.code());
    if (debugLength > 0) {
      out.write(debugData, 0, debugLength);
    }
  }

  /** A WINDOW_UPDATE frame (RFC 9113 §6.9); stream 0 means the connection window. */
  public void windowUpdate(OutboundBuffer out, int streamId, int increment) {
    if (streamId < 0) {
      throw new IllegalArgumentException("stream id " + streamId + " < 0");
    }
    if (increment < 1) {
      throw new IllegalArgumentException(
          "window increment " + increment + " outside 1..2^31-1 (RFC 9113 §6.9)");
    }
    header(out, 4, FrameType.WINDOW_UPDATE, 0, streamId);
    out.writeInt(increment);
  }

  /**
   * Any frame, payload as given and unchecked: for extension frames and for tests that need
   * malformed ones. Only the length is checked against the 24-bit field.
   */
  public void frame(OutboundBuffer out, int type, int flags, int streamId, byte[] payload) {
    if (payload.length > Http2Settings.MAX_MAX_FRAME_SIZE) {
      throw new IllegalArgumentException("payload of " + payload.length + " octets exceeds 2^24-1");
    }
    out.writeMedium(payload.length);
    out.writeByte(type);
    out.writeByte(flags);
    out.writeInt(streamId);
    out.write(payload);
  }

  /** The rest of a header block as CONTINUATION frames (RFC 9113 §6.10). */
  private void continuations(OutboundBuffer out, int streamId, byte[] block, int offset,
      int length) {
    while (length > 0) {
      int n = Math.min(length, maxFrameSize);
      length -= n;
      header(out, n, FrameType.CONTINUATION, length == 0 ? FrameFlags.END_HEADERS : 0, streamId);
      out.write(block, offset, n);
      offset += n;
    }
  }

  /*
   * The frame header (RFC 9113 §4.1); the reserved bit R is sent as 0.
   *
   *  +-----------------------------------------------+
   *  |                 Length (24)                   |
   *  +---------------+---------------+---------------+
   *  |   Type (8)    |   Flags (8)   |
   *  +-+-------------+---------------+-------------------------------+
   *  |R|                 Stream Identifier (31)                      |
   *  +=+=============================================================+
   */
  private static void header(OutboundBuffer out, int length, FrameType type, int flags,
      int streamId) {
    out.writeMedium(length);
    out.writeByte(type.code());
    out.writeByte(flags);
    out.writeInt(streamId);
  }

  private static void checkStream(int streamId) {
    if (streamId <= 0) {
      throw new IllegalArgumentException("stream id " + streamId + " must be > 0");
    }
  }

  private static void checkRange(byte[] array, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > array.length || offset + length < 0) {
      throw new IndexOutOfBoundsException(
          "offset " + offset + ", length " + length + " outside array of " + array.length);
    }
  }
}
