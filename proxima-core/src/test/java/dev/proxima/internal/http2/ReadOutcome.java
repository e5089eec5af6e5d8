package dev.proxima.internal.http2;

import static dev.proxima.internal.http2.FrameReaderHostileInputTest.MAX_FRAME_SIZE;
import static dev.proxima.internal.http2.FrameReaderHostileInputTest.MAX_HEADER_BLOCK;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What a reader reported: one line per frame and per error, and the errors' messages. */
record ReadOutcome(List<String> events, List<String> messages) {
  /**
   * Feeds {@code wire} to a fresh reader in pieces of the given sizes through one reused buffer,
   * the way the connection does: after a stream error it reads on from where the reader left the
   * buffer; after a connection error it stops.
   */
  static ReadOutcome read(byte[] wire, boolean server, int[] chunks) {
    FrameReader reader = new FrameReader(server, MAX_FRAME_SIZE, MAX_HEADER_BLOCK);
    RecordingHandler handler = new RecordingHandler();
    List<String> messages = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.allocate(Arrays.stream(chunks).max().orElse(0));
    int at = 0;
    for (int chunk : chunks) {
      buffer.clear();
      buffer.put(wire, at, chunk).flip();
      at += chunk;
      while (buffer.hasRemaining()) {
        int before = buffer.position();
        try {
          reader.read(buffer, handler);
          if (buffer.hasRemaining()) {
            throw new AssertionError("read returned with " + buffer.remaining() + " octets unread");
          }
        } catch (Http2Exception e) {
          handler.events.add(e.isConnectionError()
              ? "connection error " + e.code() : "stream error " + e.streamId() + " " + e.code());
          messages.add(e.getMessage());
          if (!e.getMessage().contains("(RFC 9113 §")) {
            throw new AssertionError("the error does not name its rule: " + e.getMessage());
          }
          if (e.isConnectionError()) {
            return new ReadOutcome(handler.events, messages);
          }
          // Reading on must get somewhere, or the connection would spin on the same octets.
          if (buffer.position() <= before || buffer.limit() != chunk) {
            throw new AssertionError("after a stream error the buffer is at " + buffer.position()
                + " of " + buffer.limit() + ", was at " + before + " of " + chunk);
          }
        }
      }
      // Anything the reader kept a reference to instead of copying now reads as garbage.
      buffer.clear();
      Arrays.fill(buffer.array(), (byte) 0x55);
    }
    return new ReadOutcome(handler.events, messages);
  }

  /** True for an error line, as {@link #read} and {@link FramingRules} write them. */
  static boolean isError(String event) {
    return event.startsWith("connection error ") || event.startsWith("stream error ");
  }
}
