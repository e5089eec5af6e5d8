package dev.proxima.internal.http2;

import static dev.proxima.internal.http2.FrameLayout.ACK;
import static dev.proxima.internal.http2.FrameLayout.CONTINUATION;
import static dev.proxima.internal.http2.FrameLayout.DATA;
import static dev.proxima.internal.http2.FrameLayout.END_HEADERS;
import static dev.proxima.internal.http2.FrameLayout.END_STREAM;
import static dev.proxima.internal.http2.FrameLayout.GOAWAY;
import static dev.proxima.internal.http2.FrameLayout.HEADERS;
import static dev.proxima.internal.http2.FrameLayout.PADDED;
import static dev.proxima.internal.http2.FrameLayout.PING;
import static dev.proxima.internal.http2.FrameLayout.PRIORITY;
import static dev.proxima.internal.http2.FrameLayout.PRIORITY_FLAG;
import static dev.proxima.internal.http2.FrameLayout.PUSH_PROMISE;
import static dev.proxima.internal.http2.FrameLayout.RST_STREAM;
import static dev.proxima.internal.http2.FrameLayout.SETTINGS;
import static dev.proxima.internal.http2.FrameLayout.WINDOW_UPDATE;
import static dev.proxima.internal.http2.FrameLayout.medium;
import static dev.proxima.internal.http2.FrameReaderHostileInputTest.MAX_FRAME_SIZE;
import static dev.proxima.internal.http2.FrameReaderHostileInputTest.MAX_HEADER_BLOCK;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules of RFC 9113 §3.4, §4 and §6 as a plain model: it reads the whole input at once, frame
 * by frame, and for the first frame that breaks rules collects every code the RFC allows for
 * what it broke. A connection error wins over a stream error; after a stream error it reads on.
 * It writes down the events it expects through a {@link RecordingHandler}, so they read exactly
 * like the reader's. Its limits are those {@link FrameReaderHostileInputTest} gives the reader.
 */
final class FramingRules {
  private final byte[] wire;
  private final RecordingHandler out = new RecordingHandler();
  private int at;
  private boolean firstFrameSeen;

  /** The header block in progress (§6.10): its stream, or 0. */
  private int blockStreamId;
  private boolean blockIsPush;
  private boolean blockEndStream;
  private boolean blockSelfDependent;
  private int blockPromisedStreamId;
  private int blockContinuations;
  private final ByteArrayOutputStream block = new ByteArrayOutputStream();

  /** What the current frame broke. */
  private final Set<ErrorCode> connectionCodes = EnumSet.noneOf(ErrorCode.class);
  private final Set<ErrorCode> streamCodes = EnumSet.noneOf(ErrorCode.class);

  private FramingRules(byte[] wire) {
    this.wire = wire;
  }

  static List<String> expect(byte[] wire, boolean server) {
    FramingRules model = new FramingRules(wire);
    model.run(server);
    return model.out.events;
  }

  private void run(boolean server) {
    if (server) {
      byte[] preface = Preface.bytes();
      for (; at < preface.length; at++) {
        if (at == wire.length) {
          return;
        }
        if (wire[at] != preface[at]) {
          out.events.add("connection error " + ErrorCode.PROTOCOL_ERROR); // §3.4
          return;
        }
      }
    }
    while (wire.length - at >= FrameReader.HEADER_LENGTH) {
      int length = medium(wire, at);
      if (length > MAX_FRAME_SIZE) {
        out.events.add("connection error " + ErrorCode.FRAME_SIZE_ERROR); // §4.2
        return;
      }
      if (wire.length - at - FrameReader.HEADER_LENGTH < length) {
        return; // the rest has not arrived
      }
      int type = wire[at + 3] & 0xff;
      int flags = wire[at + 4] & 0xff;
      int streamId = ByteBuffer.wrap(wire).getInt(at + 5) & 0x7fff_ffff; // §4.1: R is ignored
      byte[] payload = Arrays.copyOfRange(wire, at + 9, at + 9 + length);
      at += 9 + length;
      connectionCodes.clear();
      streamCodes.clear();
      if (blockStreamId != 0 && (type != CONTINUATION || streamId != blockStreamId)) {
        connectionCodes.add(ErrorCode.PROTOCOL_ERROR); // §6.10, §4.3
      }
      if (!firstFrameSeen && (type != SETTINGS || has(flags, ACK))) {
        connectionCodes.add(ErrorCode.PROTOCOL_ERROR); // §3.4
      }
      firstFrameSeen = true;
      Runnable event = frame(type, flags, streamId, payload);
      if (!connectionCodes.isEmpty()) {
        out.events.add("connection error " + codes(connectionCodes));
        return;
      }
      if (event != null) {
        event.run();
      }
      if (!streamCodes.isEmpty()) {
        out.events.add("stream error " + streamId + " " + codes(streamCodes));
      }
    }
  }

  /** Checks one frame; returns the event it gives when it breaks no connection rule. */
  private Runnable frame(int type, int flags, int streamId, byte[] p) {
    return switch (type) {
      case DATA -> data(flags, streamId, p);
      case HEADERS -> headers(flags, streamId, p);
      case PRIORITY -> priority(streamId, p);
      case RST_STREAM -> {
        notOnStreamZero(streamId);
        lengthMustBe(p, 4); // §6.4
        yield () -> out.rstStream(streamId, ByteBuffer.wrap(p).getInt());
      }
      case SETTINGS -> settings(flags, streamId, p);
      case PUSH_PROMISE -> pushPromise(flags, streamId, p);
      case PING -> {
        onStreamZero(streamId);
        lengthMustBe(p, 8); // §6.7
        yield () -> out.ping(has(flags, ACK), ByteBuffer.wrap(p).getLong());
      }
      case GOAWAY -> {
        onStreamZero(streamId);
        if (p.length < 8) {
          connectionCodes.add(ErrorCode.FRAME_SIZE_ERROR); // §6.8
          yield null;
        }
        ByteBuffer b = ByteBuffer.wrap(p);
        yield () -> out.goAway(b.getInt() & 0x7fff_ffff, b.getInt(), b.slice());
      }
      case WINDOW_UPDATE -> windowUpdate(streamId, p);
      case CONTINUATION -> continuation(flags, streamId, p);
      default -> () -> out.unknownFrame(type, streamId, flags, p.length); // §4.1, §5.5
    };
  }

  private Runnable data(int flags, int streamId, byte[] p) {
    notOnStreamZero(streamId); // §6.1
    int[] content = withoutPadding(flags, p, 0);
    if (content == null) {
      return null;
    }
    ByteBuffer data = ByteBuffer.wrap(p, content[0], content[1] - content[0]).slice();
    return () -> out.data(streamId, has(flags, END_STREAM), data, p.length);
  }

  private Runnable headers(int flags, int streamId, byte[] p) {
    notOnStreamZero(streamId); // §6.2
    boolean priority = has(flags, PRIORITY_FLAG);
    int[] content = withoutPadding(flags, p, priority ? 5 : 0);
    if (content == null) {
      return null;
    }
    boolean selfDependent = priority
        && (ByteBuffer.wrap(p).getInt(content[0]) & 0x7fff_ffff) == streamId; // §5.3.1
    byte[] fragment = Arrays.copyOfRange(p, content[0] + (priority ? 5 : 0), content[1]);
    return startBlock(false, flags, streamId, 0, selfDependent, fragment);
  }

  private Runnable priority(int streamId, byte[] p) {
    notOnStreamZero(streamId); // §6.3
    if (p.length != 5) {
      (streamId == 0 ? connectionCodes : streamCodes).add(ErrorCode.FRAME_SIZE_ERROR);
      return null;
    }
    int word = ByteBuffer.wrap(p).getInt();
    int dependency = word & 0x7fff_ffff;
    if (dependency == streamId) {
      streamCodes.add(ErrorCode.PROTOCOL_ERROR); // §5.3.1
      return null;
    }
    return () -> out.priority(streamId, dependency, (p[4] & 0xff) + 1, word < 0);
  }

  private Runnable settings(int flags, int streamId, byte[] p) {
    onStreamZero(streamId); // §6.5
    boolean ack = has(flags, ACK);
    if (ack && p.length != 0) {
      connectionCodes.add(ErrorCode.FRAME_SIZE_ERROR);
    }
    if (p.length % 6 != 0) {
      connectionCodes.add(ErrorCode.FRAME_SIZE_ERROR);
      return null;
    }
    Http2Settings settings = p.length == 0 ? Http2Settings.NONE : new Http2Settings();
    ByteBuffer b = ByteBuffer.wrap(p);
    while (b.hasRemaining()) {
      int id = b.getShort() & 0xffff;
      long value = b.getInt() & 0xffff_ffffL;
      ErrorCode broken = switch (id) { // §6.5.2; unknown ids are ignored
        case Http2Settings.ENABLE_PUSH -> value <= 1 ? null : ErrorCode.PROTOCOL_ERROR;
        case Http2Settings.INITIAL_WINDOW_SIZE ->
            value <= Integer.MAX_VALUE ? null : ErrorCode.FLOW_CONTROL_ERROR;
        case Http2Settings.MAX_FRAME_SIZE ->
            value >= 16384 && value <= (1 << 24) - 1 ? null : ErrorCode.PROTOCOL_ERROR;
        default -> null;
      };
      if (broken != null) {
        connectionCodes.add(broken);
      } else if (Http2Settings.isKnown(id)) {
        settings.set(id, value);
      }
    }
    return () -> out.settings(ack, settings);
  }

  private Runnable pushPromise(int flags, int streamId, byte[] p) {
    notOnStreamZero(streamId); // §6.6
    int[] content = withoutPadding(flags, p, 4);
    if (content == null) {
      return null;
    }
    int promised = ByteBuffer.wrap(p).getInt(content[0]) & 0x7fff_ffff;
    return startBlock(true, flags, streamId, promised, false,
        Arrays.copyOfRange(p, content[0] + 4, content[1]));
  }

  private Runnable windowUpdate(int streamId, byte[] p) {
    if (p.length != 4) {
      connectionCodes.add(ErrorCode.FRAME_SIZE_ERROR); // §6.9
      return null;
    }
    int increment = ByteBuffer.wrap(p).getInt() & 0x7fff_ffff;
    if (increment == 0) {
      (streamId == 0 ? connectionCodes : streamCodes).add(ErrorCode.PROTOCOL_ERROR); // §6.9
      return null;
    }
    return () -> out.windowUpdate(streamId, increment);
  }

  private Runnable continuation(int flags, int streamId, byte[] p) {
    notOnStreamZero(streamId); // §6.10
    if (blockStreamId == 0) {
      connectionCodes.add(ErrorCode.PROTOCOL_ERROR); // §6.10: no block to continue
      return null;
    }
    if (++blockContinuations > FrameReader.MAX_BLOCK_FRAGMENTS
        || block.size() + p.length > MAX_HEADER_BLOCK) {
      connectionCodes.add(ErrorCode.ENHANCE_YOUR_CALM); // §10.5
      return null;
    }
    block.writeBytes(p);
    return has(flags, END_HEADERS) ? endBlock() : null;
  }

  private Runnable startBlock(boolean push, int flags, int streamId, int promised,
      boolean selfDependent, byte[] fragment) {
    if (fragment.length > MAX_HEADER_BLOCK) {
      connectionCodes.add(ErrorCode.ENHANCE_YOUR_CALM); // §10.5.1
      return null;
    }
    blockStreamId = streamId;
    blockIsPush = push;
    blockEndStream = has(flags, END_STREAM);
    blockSelfDependent = selfDependent;
    blockPromisedStreamId = promised;
    blockContinuations = 0;
    block.reset();
    block.writeBytes(fragment);
    return has(flags, END_HEADERS) ? endBlock() : null;
  }

  /** The block is whole: it is delivered, and then a self-dependency resets its stream. */
  private Runnable endBlock() {
    int streamId = blockStreamId;
    ByteBuffer headerBlock = ByteBuffer.wrap(block.toByteArray());
    boolean push = blockIsPush;
    boolean endStream = blockEndStream;
    int promised = blockPromisedStreamId;
    blockStreamId = 0;
    if (blockSelfDependent) {
      streamCodes.add(ErrorCode.PROTOCOL_ERROR); // §5.3.1
    }
    return push ? () -> out.pushPromise(streamId, promised, headerBlock)
        : () -> out.headers(streamId, endStream, headerBlock);
  }

  /**
   * Where the content lies once the pad length octet and the padding are gone, after {@code
   * fixed} octets of fields; null when the frame is too short or the padding too long.
   */
  private int[] withoutPadding(int flags, byte[] p, int fixed) {
    int start = 0;
    int padLength = 0;
    if (has(flags, PADDED)) {
      if (p.length == 0) {
        // No room for the pad length: too short (§4.2), or padding as long as the payload (§6.1).
        connectionCodes.add(ErrorCode.FRAME_SIZE_ERROR);
        connectionCodes.add(ErrorCode.PROTOCOL_ERROR);
        return null;
      }
      padLength = p[0] & 0xff;
      start = 1;
    }
    if (p.length - start < fixed) {
      connectionCodes.add(ErrorCode.FRAME_SIZE_ERROR); // §4.2: too short for its fields
      return null;
    }
    if (padLength > p.length - start - fixed) {
      connectionCodes.add(ErrorCode.PROTOCOL_ERROR); // §6.1, §6.2, §6.6
      return null;
    }
    return new int[] {start, p.length - padLength};
  }

  private void notOnStreamZero(int streamId) {
    if (streamId == 0) {
      connectionCodes.add(ErrorCode.PROTOCOL_ERROR);
    }
  }

  private void onStreamZero(int streamId) {
    if (streamId != 0) {
      connectionCodes.add(ErrorCode.PROTOCOL_ERROR);
    }
  }

  private void lengthMustBe(byte[] p, int length) {
    if (p.length != length) {
      connectionCodes.add(ErrorCode.FRAME_SIZE_ERROR);
    }
  }

  private static boolean has(int flags, int flag) {
    return (flags & flag) == flag;
  }

  private static String codes(Set<ErrorCode> codes) {
    return codes.stream().map(Enum::name).collect(Collectors.joining("|"));
  }
}
