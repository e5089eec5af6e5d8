package dev.proxima.internal.http2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The client connection preface (RFC 9113 §3.4): 24 fixed octets a client sends first, chosen so
 * that an HTTP/1.1 server fails on them quickly. A SETTINGS frame must follow it. The server's
 * preface is only a SETTINGS frame, so it needs no constant.
 */
public final class Preface {
  /** The preface as text: {@code "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"}. */
  public static final String CLIENT_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

  /** Its length in octets: 24. */
  public static final int LENGTH = 24;

  private static final byte[] BYTES = CLIENT_PREFACE.getBytes(StandardCharsets.US_ASCII);

  private Preface() {}

  /** A fresh copy of the 24 octets (a copy, so no caller can change the constant). */
  public static byte[] bytes() {
    return BYTES.clone();
  }

  /** A read-only view of the 24 octets. */
  public static ByteBuffer buffer() {
    return ByteBuffer.wrap(BYTES).asReadOnlyBuffer();
  }

  /** Octet {@code index} of the preface, for matching it as it arrives in pieces. */
  static byte byteAt(int index) {
    return BYTES[index];
  }
}
