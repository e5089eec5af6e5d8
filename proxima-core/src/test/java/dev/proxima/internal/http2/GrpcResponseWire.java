package dev.proxima.internal.http2;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The octets of gRPC responses and of the frames a server may wrap them in, built by hand so a
 * test can break any of them. Header blocks are HPACK literals without indexing (RFC 7541 §6.2.2):
 * they leave the client's dynamic table as it was, so one connection can carry blocks built here
 * in any order, even after a block that was cut short or corrupted.
 */
final class GrpcResponseWire {
  private GrpcResponseWire() {}

  /** A header block of {@code nameValues} (name, value, name, value, ...), literals only. */
  static byte[] block(String... nameValues) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i < nameValues.length; i += 2) {
      b.write(0x00); // literal header field without indexing, new name
      string(b, nameValues[i]);
      string(b, nameValues[i + 1]);
    }
    return b.toByteArray();
  }

  /** An HPACK string literal, not Huffman-coded (RFC 7541 §5.2). */
  private static void string(ByteArrayOutputStream b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    integer(b, bytes.length);
    b.writeBytes(bytes);
  }

  /** An HPACK integer with a 7-bit prefix and H = 0 (RFC 7541 §5.1). */
  private static void integer(ByteArrayOutputStream b, int value) {
    if (value < 127) {
      b.write(value);
      return;
    }
    b.write(127);
    value -= 127;
    while (value >= 128) {
      b.write((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    b.write(value);
  }

  /** HEADERS with END_HEADERS, and END_STREAM when {@code endStream}. */
  static byte[] headers(int streamId, boolean endStream, String... nameValues) {
    int flags = FrameFlags.END_HEADERS | (endStream ? FrameFlags.END_STREAM : 0);
    return Frames.raw(FrameType.HEADERS.code(), flags, streamId, block(nameValues));
  }

  /** The response headers of a successful gRPC call. */
  static byte[] okHeaders(int streamId) {
    return headers(streamId, false, ":status", "200", "content-type", "application/grpc");
  }

  /** Trailers with {@code grpc-status} {@code status} and {@code grpc-message} {@code message}. */
  static byte[] trailers(int streamId, String status, String message) {
    return headers(streamId, true, "grpc-status", status, "grpc-message", message);
  }

  /** A DATA frame of {@code payload}. */
  static byte[] data(int streamId, boolean endStream, byte[] payload) {
    return Frames.raw(FrameType.DATA.code(), endStream ? FrameFlags.END_STREAM : 0, streamId, payload);
  }

  /** A length-prefixed message (gRPC PROTOCOL-HTTP2, "Length-Prefixed-Message"). */
  static byte[] message(byte[] body) {
    return prefixed(0, body.length, body);
  }

  /** A message with any Compressed-Flag and Message-Length, whatever {@code body} is. */
  static byte[] prefixed(int compressedFlag, int declaredLength, byte[] body) {
    return ByteBuffer.allocate(5 + body.length).put((byte) compressedFlag).putInt(declaredLength).put(body).array();
  }

  /** A whole valid response carrying {@code body}: headers, one message, trailers with status 0. */
  static byte[] okResponse(int streamId, byte[] body) {
    return Frames.concat(okHeaders(streamId), data(streamId, false, message(body)), trailers(streamId, "0", "fine"));
  }

  static byte[] rstStream(int streamId, int code) {
    return Frames.raw(FrameType.RST_STREAM.code(), 0, streamId, ByteBuffer.allocate(4).putInt(code).array());
  }

  static byte[] goAway(int lastStreamId, int code, String debug) {
    byte[] d = debug.getBytes(StandardCharsets.UTF_8);
    return Frames.raw(FrameType.GOAWAY.code(), 0, 0,
        ByteBuffer.allocate(8 + d.length).putInt(lastStreamId).putInt(code).put(d).array());
  }

  /** PUSH_PROMISE on {@code streamId} promising {@code promisedId}, with a request header block. */
  static byte[] pushPromise(int streamId, int promisedId) {
    byte[] block = block(":method", "GET", ":scheme", "http", ":authority", "localhost", ":path", "/pushed");
    return Frames.raw(FrameType.PUSH_PROMISE.code(), FrameFlags.END_HEADERS, streamId,
        ByteBuffer.allocate(4 + block.length).putInt(promisedId).put(block).array());
  }

  /** SETTINGS carrying one parameter. */
  static byte[] settings(int id, long value) {
    return Frames.raw(FrameType.SETTINGS.code(), 0, 0,
        ByteBuffer.allocate(6).putShort((short) id).putInt((int) value).array());
  }

  static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }
}
