package dev.proxima.internal.http2;

import java.nio.ByteBuffer;

/**
 * One frame as a hostile client writes it: the fields it was built with, changed in place by the
 * mutations of a {@link HostileScript}, and written as they are, valid or not.
 */
final class WireFrame {
  int type;
  int flags;
  int streamId;
  byte[] payload;
  /** The length field as written when it lies about the payload; -1 when it tells the truth. */
  int lengthField = -1;
  /** The stream of the request this frame was built for (0: none): a changed frame spoils its answer. */
  final int request;
  /** What a mutation did to this frame, for the report; null while it is as built. */
  String mutation;
  /** The connection error this frame's header block demands whatever else happens, or null. */
  ErrorCode demands;
  /** A change a receiver must ignore (a reserved bit, an undefined flag): the frame means the same. */
  String note;
  /** Where the header block fragment or the data lies in the payload, padding and fields aside. */
  int contentFrom;
  int contentTo;

  WireFrame(FrameType type, int flags, int streamId, byte[] payload, int request) {
    this(type.code(), flags, streamId, payload, request);
  }

  WireFrame(int type, int flags, int streamId, byte[] payload, int request) {
    this.type = type;
    this.flags = flags;
    this.streamId = streamId;
    this.payload = payload;
    this.request = request;
    this.contentTo = payload.length;
  }

  /** The stream id as a receiver reads it: the reserved bit dropped (RFC 9113 §4.1). */
  int stream() {
    return streamId & 0x7fff_ffff;
  }

  boolean is(FrameType t) {
    return type == t.code();
  }

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** The 9-octet header (RFC 9113 §4.1) and the payload. */
  byte[] bytes() {
    int length = lengthField >= 0 ? lengthField : payload.length;
    ByteBuffer b = ByteBuffer.allocate(FrameReader.HEADER_LENGTH + payload.length);
    b.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
    b.put((byte) type).put((byte) flags).putInt(streamId).put(payload);
    return b.array();
  }

  void mutated(String what) {
    mutation = mutation == null ? what : mutation + "; " + what;
  }

  @Override
  public String toString() {
    FrameType known = FrameType.of(type);
    String name = known != null ? known.name() : "type 0x" + Integer.toHexString(type);
    return name + " stream=" + stream() + (streamId < 0 ? " (reserved bit set)" : "") + " flags=0x"
        + Integer.toHexString(flags) + " length=" + payload.length + (lengthField >= 0 ? " (length field " + lengthField + ")" : "")
        + (mutation != null ? " <- " + mutation : "") + (note != null ? " (" + note + ")" : "");
  }
}
