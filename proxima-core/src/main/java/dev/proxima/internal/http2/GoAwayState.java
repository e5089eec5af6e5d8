package dev.proxima.internal.http2;

import dev.proxima.internal.io.OutboundBuffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The GOAWAY frames of one connection (RFC 9113 §6.8): whether this side sent one (at most one:
 * a graceful shutdown's NO_ERROR, or a connection error's code with the broken rule as debug
 * data, naming the last peer stream processed), and the code and debug text of the peer's last.
 * After either, the connection takes no new stream and closes once the open ones are done.
 *
 * <p>The connection makes it at the first GOAWAY sent or received: while there is none, neither
 * happened, and an idle connection holds nothing for it.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class GoAwayState {
  private boolean sent;
  private ErrorCode receivedCode;
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

  /** The peer sent GOAWAY with {@code code} and {@code debugData} (read, its position kept). */
  void received(ErrorCode code, ByteBuffer debugData) {
    receivedCode = code;
    receivedDebug = StandardCharsets.UTF_8.decode(debugData.duplicate()).toString();
  }

  boolean sent() {
    return sent;
  }

  /** The error code of the peer's GOAWAY, or null if none came. */
  ErrorCode receivedCode() {
    return receivedCode;
  }

  /** The debug text of the peer's GOAWAY, or null if none came. */
  String receivedDebug() {
    return receivedDebug;
  }
}
