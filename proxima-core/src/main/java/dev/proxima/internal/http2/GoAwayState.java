package dev.proxima.internal.http2;

import dev.proxima.internal.io.OutboundBuffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The GOAWAY frames of one connection (RFC 9113 §6.8): whether this side sent one (at most one:
 * a graceful shutdown's NO_ERROR, or a connection error's code with the broken rule as debug
 * data, naming the last peer stream processed), and the last-stream-id, code and debug text of
 * the peer's last. The code is kept as the peer sent it: an unknown one means INTERNAL_ERROR
 * (RFC 9113 §7), but messages show its value.
 * After either, the connection takes no new stream and closes once the open ones are done.
 *
 * <p>The connection makes it at the first GOAWAY sent or received: while there is none, neither
 * happened, and an idle connection holds nothing for it.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class GoAwayState {
  private boolean sent;
  private int receivedLastStreamId;
  private int receivedCode;
  private String receivedDebug;

  /** Writes GOAWAY unless this side sent one already; returns whether it wrote one now. */
  boolean send(FrameWriter writer, OutboundBuffer out, int lastStreamId, ErrorCode code,
      String debug) {
    if (sent) {
      return false;
    }
    sent = true;
    writer.goAway(out, lastStreamId, code, debug.getBytes(StandardCharsets.UTF_8));
    return true;
  }

  /**
   * The peer sent GOAWAY with {@code lastStreamId}, the wire value {@code code} and
   * {@code debugData} (read, its position kept).
   */
  void received(int lastStreamId, int code, ByteBuffer debugData) {
    receivedLastStreamId = lastStreamId;
    receivedCode = code;
    receivedDebug = StandardCharsets.UTF_8.decode(debugData.duplicate()).toString();
  }

  boolean sent() {
    return sent;
  }

  /** The error code of the peer's GOAWAY (INTERNAL_ERROR for an unknown one), or null if none came. */
  ErrorCode receivedCode() {
    return receivedDebug == null ? null : ErrorCode.of(receivedCode);
  }

  /**
   * The peer's GOAWAY in words, with the code's value if it is unknown and the debug text if any:
   * "the peer's GOAWAY (last-stream-id 1, ENHANCE_YOUR_CALM, 'too_many_pings')"; null if none came.
   */
  String describeReceived() {
    if (receivedDebug == null) {
      return null;
    }
    return "the peer's GOAWAY (last-stream-id " + receivedLastStreamId + ", " + ErrorCode.describe(receivedCode)
        + (receivedDebug.isEmpty() ? "" : ", '" + receivedDebug + "'") + ")";
  }

  /** The debug text of the peer's GOAWAY, or null if none came. */
  String receivedDebug() {
    return receivedDebug;
  }
}
