package dev.proxima.internal.http2;

import static dev.proxima.internal.http2.ErrorCode.FLOW_CONTROL_ERROR;
import static dev.proxima.internal.http2.ErrorCode.FRAME_SIZE_ERROR;
import static dev.proxima.internal.http2.ErrorCode.PROTOCOL_ERROR;
import static dev.proxima.internal.http2.ErrorCode.STREAM_CLOSED;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the frames of a {@link HostileScript} oblige a server to do, by the rules of RFC 9113 as a
 * client can judge them from what it sent (not from our server's code): the streams it must end,
 * with an answer or RST_STREAM, and the connection error a frame demands (a GOAWAY, then close).
 *
 * <p>It walks the frames in order as the server reads them and stops at the first frame that
 * demands a connection error (the server reads no further), or at a length field that lies (what
 * follows is not framed as written: nothing more can be said of it).
 */
final class ClientView {
  /** Streams the server must end, by an answer that ends the stream or by RST_STREAM. */
  final Set<Integer> owed = new TreeSet<>();
  /** Codes one of which the GOAWAY must carry; empty when no frame demands a connection error. */
  final EnumSet<ErrorCode> required = EnumSet.noneOf(ErrorCode.class);
  /** Codes a stream error may escalate to (RFC 9113 §5.4.1 lets any stream error end the connection). */
  final EnumSet<ErrorCode> escalations = EnumSet.noneOf(ErrorCode.class);
  /** Why {@link #required}: the frame and the rule. */
  String requiredBecause;
  /** A length field lied: the server reads the rest out of step. */
  boolean desync;
  /** We sent GOAWAY: the server may close once its streams are done. */
  boolean clientGoAway;
  /** Streams a HEADERS block opened (a new odd id), which the server registers unless it refuses. */
  final Set<Integer> opened = new TreeSet<>();
  final Set<Integer> endedByClient = new TreeSet<>();
  final Set<Integer> resetByClient = new TreeSet<>();
  /** The highest stream id a HEADERS block used: odd ids up to it are no longer idle. */
  int maxOpened;

  private int blockStream;
  private boolean blockEndStream;
  private boolean blockSelfDependent;
  private ErrorCode blockDemands;
  private long connectionWindow = Http2Settings.DEFAULT_INITIAL_WINDOW_SIZE;

  static ClientView of(HostileScript script) {
    ClientView v = new ClientView();
    v.walk(script);
    return v;
  }

  private void walk(HostileScript script) {
    int sent = script.bytes().length;
    int at = 0;
    for (WireFrame f : script.frames) {
      at += f.bytes().length;
      if (at > sent) {
        return; // cut off: the server gets part of this frame, then our side closes
      }
      if (!read(f)) {
        return;
      }
    }
    if (!script.closeAfterSending) {
      // The PING that follows the frames (HostileConnection.BARRIER) must not come inside a block.
      read(new WireFrame(FrameType.PING, 0, 0, new byte[8], 0));
    }
  }

  /** Applies one frame; false when the server reads no further (connection error, or out of step). */
  private boolean read(WireFrame f) {
    int maxFrameSize = Http2Settings.DEFAULT_MAX_FRAME_SIZE; // the server announces no other
    if (f.lengthField >= 0) {
      if (f.lengthField > maxFrameSize) {
        return fail(f, "length above SETTINGS_MAX_FRAME_SIZE (RFC 9113 §4.2)", FRAME_SIZE_ERROR);
      }
      desync = true;
      return false;
    }
    if (f.payload.length > maxFrameSize) {
      return fail(f, "length above SETTINGS_MAX_FRAME_SIZE (RFC 9113 §4.2)", FRAME_SIZE_ERROR);
    }
    int s = f.stream();
    if (blockStream != 0 && !(f.is(FrameType.CONTINUATION) && s == blockStream)) {
      return fail(f, "only CONTINUATION may follow a header block in progress (RFC 9113 §6.10)", PROTOCOL_ERROR);
    }
    FrameType type = FrameType.of(f.type);
    if (type == null) {
      return true; // unknown types are ignored (RFC 9113 §5.5)
    }
    return switch (type) {
      case DATA -> data(f, s);
      case HEADERS -> headers(f, s);
      case CONTINUATION -> continuation(f, s);
      case PRIORITY -> priority(f, s);
      case RST_STREAM -> rstStream(f, s);
      case SETTINGS -> settings(f, s);
      case PUSH_PROMISE -> fail(f, "a client sent PUSH_PROMISE (RFC 9113 §8.4)", PROTOCOL_ERROR);
      case PING -> s != 0 ? fail(f, "PING on a stream (RFC 9113 §6.7)", PROTOCOL_ERROR)
          : f.payload.length != 8 ? fail(f, "PING length not 8 (RFC 9113 §6.7)", FRAME_SIZE_ERROR) : true;
      case GOAWAY -> goAway(f, s);
      case WINDOW_UPDATE -> windowUpdate(f, s);
    };
  }

  private boolean data(WireFrame f, int s) {
    if (s == 0) {
      return fail(f, "DATA on stream 0 (RFC 9113 §6.1)", PROTOCOL_ERROR);
    }
    if (!paddingFits(f, 0)) {
      return false;
    }
    if (isIdle(s)) {
      return fail(f, "DATA on idle stream (RFC 9113 §5.1)", PROTOCOL_ERROR);
    }
    if (isOpenForClient(s)) {
      if (f.has(FrameFlags.END_STREAM)) {
        endedByClient.add(s);
        owed.add(s);
      }
    } else {
      // Half-closed (remote) or closed: a stream error STREAM_CLOSED (RFC 9113 §6.1), or nothing
      // when the server had reset the stream itself (§5.1): the earlier reset answers it.
      owed.add(s);
      escalations.add(STREAM_CLOSED);
    }
    return true;
  }

  private boolean headers(WireFrame f, int s) {
    if (s == 0) {
      return fail(f, "HEADERS on stream 0 (RFC 9113 §6.2)", PROTOCOL_ERROR);
    }
    boolean priority = f.has(FrameFlags.PRIORITY);
    if (!paddingFits(f, priority ? 5 : 0)) {
      return false;
    }
    boolean selfDependent = false;
    if (priority) {
      int at = f.has(FrameFlags.PADDED) ? 1 : 0;
      selfDependent = (ByteBuffer.wrap(f.payload).getInt(at) & 0x7fff_ffff) == s;
    }
    // A flag flipped onto the frame since may have moved where the damage lies.
    ErrorCode demands = priority || f.has(FrameFlags.PADDED) ? null : f.demands;
    if (!f.has(FrameFlags.END_HEADERS)) {
      blockStream = s;
      blockEndStream = f.has(FrameFlags.END_STREAM);
      blockSelfDependent = selfDependent;
      blockDemands = demands;
      return true;
    }
    return headerBlock(f, s, f.has(FrameFlags.END_STREAM), selfDependent, demands);
  }

  private boolean continuation(WireFrame f, int s) {
    if (s == 0) {
      return fail(f, "CONTINUATION on stream 0 (RFC 9113 §6.10)", PROTOCOL_ERROR);
    }
    if (blockStream == 0) {
      return fail(f, "CONTINUATION without a header block in progress (RFC 9113 §6.10)", PROTOCOL_ERROR);
    }
    if (!f.has(FrameFlags.END_HEADERS)) {
      return true;
    }
    blockStream = 0;
    return headerBlock(f, s, blockEndStream, blockSelfDependent, blockDemands);
  }

  /** A whole header block on stream {@code s}: it opens a stream, ends one, or comes too late. */
  private boolean headerBlock(WireFrame f, int s, boolean endStream, boolean selfDependent,
      ErrorCode demands) {
    if (demands != null) {
      return fail(f, "a header block that does not decode (RFC 9113 §4.3, RFC 7541)", demands);
    }
    if (s % 2 == 0) {
      return fail(f, "HEADERS on an even stream, which a client never opens (RFC 9113 §5.1.1)", PROTOCOL_ERROR);
    }
    if (selfDependent) {
      owed.add(s); // a stream error PROTOCOL_ERROR (RFC 9113 §5.3.1)
      escalations.add(PROTOCOL_ERROR);
    }
    if (s > maxOpened) {
      maxOpened = s;
      opened.add(s);
      if (endStream) {
        endedByClient.add(s);
        owed.add(s);
      }
      return true;
    }
    if (isOpenForClient(s)) {
      // Trailers: they end the stream, or are malformed without END_STREAM (RFC 9113 §8.1).
      endedByClient.add(s);
      owed.add(s);
      escalations.add(PROTOCOL_ERROR);
      return true;
    }
    // A stream already ended, or an id below one already opened (RFC 9113 §5.1, §5.1.1): an error
    // the client must hear of, not silence.
    owed.add(s);
    escalations.add(STREAM_CLOSED);
    escalations.add(PROTOCOL_ERROR);
    return true;
  }

  private boolean priority(WireFrame f, int s) {
    if (s == 0) {
      return fail(f, "PRIORITY on stream 0 (RFC 9113 §6.3)", PROTOCOL_ERROR);
    }
    if (f.payload.length != 5) {
      streamError(FRAME_SIZE_ERROR); // RFC 9113 §6.3
      return true;
    }
    if ((ByteBuffer.wrap(f.payload).getInt(0) & 0x7fff_ffff) == s) {
      streamError(PROTOCOL_ERROR); // RFC 9113 §5.3.1
    }
    return true;
  }

  private boolean rstStream(WireFrame f, int s) {
    if (s == 0) {
      return fail(f, "RST_STREAM on stream 0 (RFC 9113 §6.4)", PROTOCOL_ERROR);
    }
    if (f.payload.length != 4) {
      return fail(f, "RST_STREAM length not 4 (RFC 9113 §6.4)", FRAME_SIZE_ERROR);
    }
    if (isIdle(s)) {
      return fail(f, "RST_STREAM on idle stream (RFC 9113 §6.4)", PROTOCOL_ERROR);
    }
    resetByClient.add(s);
    owed.remove(s);
    return true;
  }

  private boolean settings(WireFrame f, int s) {
    if (s != 0) {
      return fail(f, "SETTINGS on a stream (RFC 9113 §6.5)", PROTOCOL_ERROR);
    }
    if (f.has(FrameFlags.ACK) && f.payload.length != 0) {
      return fail(f, "SETTINGS ACK with a payload (RFC 9113 §6.5)", FRAME_SIZE_ERROR);
    }
    if (f.payload.length % 6 != 0) {
      return fail(f, "SETTINGS length not a multiple of 6 (RFC 9113 §6.5)", FRAME_SIZE_ERROR);
    }
    ByteBuffer p = ByteBuffer.wrap(f.payload);
    while (p.hasRemaining()) {
      int id = p.getShort() & 0xffff;
      long value = p.getInt() & 0xffff_ffffL;
      if (id == Http2Settings.ENABLE_PUSH && value > 1) {
        return fail(f, "SETTINGS_ENABLE_PUSH neither 0 nor 1 (RFC 9113 §6.5.2)", PROTOCOL_ERROR);
      }
      if (id == Http2Settings.INITIAL_WINDOW_SIZE && value > Integer.MAX_VALUE) {
        return fail(f, "SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1 (RFC 9113 §6.5.2)", FLOW_CONTROL_ERROR);
      }
      if (id == Http2Settings.MAX_FRAME_SIZE && (value < 16384 || value > Http2Settings.MAX_MAX_FRAME_SIZE)) {
        return fail(f, "SETTINGS_MAX_FRAME_SIZE outside [2^14, 2^24-1] (RFC 9113 §6.5.2)", PROTOCOL_ERROR);
      }
    }
    return true;
  }

  private boolean goAway(WireFrame f, int s) {
    if (s != 0) {
      return fail(f, "GOAWAY on a stream (RFC 9113 §6.8)", PROTOCOL_ERROR);
    }
    if (f.payload.length < 8) {
      return fail(f, "GOAWAY shorter than 8 octets (RFC 9113 §6.8)", FRAME_SIZE_ERROR);
    }
    clientGoAway = true;
    return true;
  }

  private boolean windowUpdate(WireFrame f, int s) {
    if (f.payload.length != 4) {
      return fail(f, "WINDOW_UPDATE length not 4 (RFC 9113 §6.9)", FRAME_SIZE_ERROR);
    }
    int increment = ByteBuffer.wrap(f.payload).getInt() & 0x7fff_ffff;
    if (s == 0) {
      if (increment == 0) {
        return fail(f, "WINDOW_UPDATE of 0 on the connection (RFC 9113 §6.9)", PROTOCOL_ERROR);
      }
      connectionWindow += increment;
      // The server's responses take a few hundred octets at most off the window meanwhile.
      if (connectionWindow > Integer.MAX_VALUE + 1024L) {
        return fail(f, "connection window beyond 2^31-1 (RFC 9113 §6.9.1)", FLOW_CONTROL_ERROR);
      }
      return true;
    }
    if (isIdle(s)) {
      return fail(f, "WINDOW_UPDATE on idle stream (RFC 9113 §5.1)", PROTOCOL_ERROR);
    }
    if (increment == 0) {
      streamError(PROTOCOL_ERROR); // RFC 9113 §6.9
    } else if (increment > Integer.MAX_VALUE - (1 << 20)) {
      streamError(FLOW_CONTROL_ERROR); // RFC 9113 §6.9.1: past 2^31-1 on any window we announce
    }
    return true;
  }

  /**
   * A stream error: RST_STREAM, or a connection error of the same code (RFC 9113 §5.4.1), which on
   * an idle stream is the only choice, for RST_STREAM must not name an idle stream (§6.4; the
   * rule that the server sends nothing on a stream the client never opened checks that). Nothing
   * is owed: the server may have forgotten a closed stream.
   */
  private void streamError(ErrorCode code) {
    escalations.add(code);
  }

  /** Checks the pad length and the fixed fields fit the payload (RFC 9113 §6.1, §6.2, §4.2). */
  private boolean paddingFits(WireFrame f, int fixed) {
    int length = f.payload.length;
    int pad = 0;
    if (f.has(FrameFlags.PADDED)) {
      if (length == 0) {
        return fail(f, "PADDED frame too short for its pad length (RFC 9113 §4.2)", FRAME_SIZE_ERROR);
      }
      pad = f.payload[0] & 0xff;
      length--;
    }
    if (length < fixed) {
      return fail(f, "frame too short for its fields (RFC 9113 §4.2)", FRAME_SIZE_ERROR);
    }
    if (pad > length - fixed) {
      return fail(f, "padding longer than the payload (RFC 9113 §6.1, §6.2)", PROTOCOL_ERROR);
    }
    return true;
  }

  /** A client stream id no HEADERS has used yet, or any even id (the server opens none). */
  boolean isIdle(int s) {
    return s % 2 == 0 || s > maxOpened;
  }

  private boolean isOpenForClient(int s) {
    return opened.contains(s) && !endedByClient.contains(s) && !resetByClient.contains(s);
  }

  private boolean fail(WireFrame f, String rule, ErrorCode code) {
    required.add(code);
    requiredBecause = f + ": " + rule;
    return false;
  }

  /** Whether the server may be waiting for octets it will never get: then silence is no hang. */
  boolean serverMayWait() {
    return desync;
  }

  @Override
  public String toString() {
    return "owed " + owed + (required.isEmpty() ? "" : ", connection error " + required + " for " + requiredBecause)
        + (desync ? ", out of step" : "") + (clientGoAway ? ", client GOAWAY" : "");
  }
}
