package dev.proxima.internal.http2;

import static dev.proxima.internal.http2.Http2Exception.connectionError;
import static dev.proxima.internal.http2.Http2Exception.streamError;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Turns the bytes a peer sends into calls on a {@link FrameHandler}, checking the framing rules
 * of RFC 9113 §3.4 and §4–§6 on the way. Rules that need stream state (which ids may open a
 * stream, what a closed stream may receive) and flow control belong to the connection.
 *
 * <p>Bytes may arrive in any pieces: {@link #read} consumes all it is given, reports every
 * complete frame and keeps a partial one until the rest comes. A frame that lies whole in the
 * caller's buffer is handed over in place, as the caller's buffer narrowed to the payload (no copy,
 * no slice); only a frame split across reads is gathered in an internal buffer.
 *
 * <p>After a stream error the reader stays usable: {@code in} is positioned after the offending
 * frame, so calling {@link #read} again with the same buffer goes on. After a connection error it
 * must not be used again. Not thread-safe: owned by the connection's event loop.
 */
public final class FrameReader {
  /** Every frame starts with a fixed 9-octet header (RFC 9113 §4.1). */
  static final int HEADER_LENGTH = 9;

  private static final int SETTING_LENGTH = 6;
  /** An internal buffer larger than this is dropped once its frame is done. */
  private static final int KEEP_BUFFER = HEADER_LENGTH + Http2Settings.DEFAULT_MAX_FRAME_SIZE;

  private final int maxHeaderBlockSize;
  private int maxFrameSize;

  /** Preface octets matched so far; {@link Preface#LENGTH} once done (or not expected). */
  private int prefaceMatched;
  /** RFC 9113 §3.4: each side's first frame must be SETTINGS. */
  private boolean firstFrameSeen;

  /** Shared by every reader until it needs a buffer of its own (most frames come whole). */
  private static final byte[] NO_BYTES = new byte[0];
  /** The partial-frame buffer's first size: a frame header and a small payload. */
  private static final int MIN_PARTIAL = 256;

  /** A frame split across reads: header and payload octets received so far. */
  private byte[] partial = NO_BYTES;
  private int partialCount;

  /** Stream of the header block in progress (HEADERS or PUSH_PROMISE without END_HEADERS), or 0. */
  private int blockStreamId;
  private FrameType blockType;
  private boolean blockEndStream;
  private int blockPromisedStreamId;
  /** HEADERS depended on its own stream: reported once the block is delivered. */
  private boolean blockSelfDependent;
  private byte[] block = NO_BYTES;
  private int blockLength;

  /**
   * @param expectClientPreface true on the server side: the 24-octet client preface comes first
   * @param maxFrameSize our SETTINGS_MAX_FRAME_SIZE: longer frames are a FRAME_SIZE_ERROR
   * @param maxHeaderBlockSize the most header block octets (across CONTINUATION frames) accepted
   */
  public FrameReader(boolean expectClientPreface, int maxFrameSize, int maxHeaderBlockSize) {
    if (maxHeaderBlockSize < 0) {
      throw new IllegalArgumentException("maxHeaderBlockSize < 0: " + maxHeaderBlockSize);
    }
    setMaxFrameSize(maxFrameSize);
    this.maxHeaderBlockSize = maxHeaderBlockSize;
    this.prefaceMatched = expectClientPreface ? 0 : Preface.LENGTH;
  }

  /**
   * Sets the largest frame payload accepted: our SETTINGS_MAX_FRAME_SIZE, once the peer has
   * acknowledged it (RFC 9113 §6.5.3). A frame whose header was already read keeps the old limit.
   */
  public void setMaxFrameSize(int maxFrameSize) {
    if (maxFrameSize < Http2Settings.DEFAULT_MAX_FRAME_SIZE
        || maxFrameSize > Http2Settings.MAX_MAX_FRAME_SIZE) {
      throw new IllegalArgumentException(
          "max frame size " + maxFrameSize + " outside [2^14, 2^24-1] (RFC 9113 §4.2)");
    }
    this.maxFrameSize = maxFrameSize;
  }

  /** True while a HEADERS or PUSH_PROMISE block waits for its CONTINUATION frames (§6.10). */
  public boolean isInsideHeaderBlock() {
    return blockStreamId != 0;
  }

  /**
   * Consumes all of {@code in}, calling {@code handler} for every complete frame in order. Keeps
   * a partial frame internally, so the caller may reuse {@code in} afterwards.
   *
   * @throws Http2Exception when a frame breaks a rule (or the handler throws)
   */
  public void read(ByteBuffer in, FrameHandler handler) throws Http2Exception {
    if (prefaceMatched < Preface.LENGTH && !matchPreface(in)) {
      return;
    }
    if (partialCount > 0 && !completePartial(in, handler)) {
      return;
    }
    while (in.hasRemaining()) {
      int start = in.position();
      if (in.remaining() < HEADER_LENGTH) {
        keepPartial(in, HEADER_LENGTH);
        return;
      }
      int length = medium(in, start);
      checkLength(length);
      if (in.remaining() < HEADER_LENGTH + length) {
        keepPartial(in, HEADER_LENGTH + length);
        return;
      }
      int type = in.get(start + 3) & 0xff;
      int flags = in.get(start + 4) & 0xff;
      int streamId = in.getInt(start + 5) & 0x7fff_ffff;
      int end = start + HEADER_LENGTH + length;
      // The whole frame is here: it is read in place, `in` narrowed to the payload (no slice per
      // frame), and `in` is left after the frame whatever happens. A handler uses what it is
      // given during the call only, so narrowing the caller's buffer is safe.
      int limit = in.limit();
      in.limit(end).position(start + HEADER_LENGTH);
      try {
        dispatch(type, flags, streamId, in, handler);
      } finally {
        in.limit(limit).position(end);
      }
    }
  }

  /** Matches preface octets as they come; true once all 24 matched. */
  private boolean matchPreface(ByteBuffer in) throws Http2Exception {
    while (prefaceMatched < Preface.LENGTH) {
      if (!in.hasRemaining()) {
        return false;
      }
      if (in.get() != Preface.byteAt(prefaceMatched)) {
        throw connectionError(ErrorCode.PROTOCOL_ERROR,
            "invalid client connection preface (RFC 9113 §3.4)");
      }
      prefaceMatched++;
    }
    return true;
  }

  /** Copies the rest of {@code in}, the start of a frame of {@code frameLength}, into the partial-frame buffer. */
  private void keepPartial(ByteBuffer in, int frameLength) {
    int n = in.remaining();
    reserve(partialCount + n, frameLength);
    in.get(partial, partialCount, n);
    partialCount += n;
  }

  /**
   * Makes the partial-frame buffer hold at least {@code needed} octets of a frame of {@code
   * frameLength}. It grows with what arrives (doubling, up to the frame's length), not with what
   * the frame header claims: a peer that announces a 16 MiB frame and sends ten octets of it holds
   * no more of our memory than those octets need.
   */
  private void reserve(int needed, int frameLength) {
    if (partial.length < needed) {
      int doubled = (int) Math.min(frameLength, Math.max(2L * partial.length, MIN_PARTIAL));
      partial = Arrays.copyOf(partial, Math.max(needed, doubled));
    }
  }

  /** Bytes the partial-frame buffer holds now; for tests. */
  int partialCapacity() {
    return partial.length;
  }

  /**
   * Adds octets from {@code in} to the frame begun in an earlier read. True when that frame was
   * complete and dispatched, false when {@code in} ran out first.
   */
  private boolean completePartial(ByteBuffer in, FrameHandler handler) throws Http2Exception {
    boolean headerArrivesNow = partialCount < HEADER_LENGTH;
    if (headerArrivesNow) {
      int n = Math.min(HEADER_LENGTH - partialCount, in.remaining());
      in.get(partial, partialCount, n);
      partialCount += n;
      if (partialCount < HEADER_LENGTH) {
        return false;
      }
    }
    int length = (partial[0] & 0xff) << 16 | (partial[1] & 0xff) << 8 | partial[2] & 0xff;
    if (headerArrivesNow) {
      // Checked once, as soon as the header is known, before buffering a payload we would refuse;
      // a limit lowered later applies from the next frame on (see setMaxFrameSize).
      checkLength(length);
    }
    int frameLength = HEADER_LENGTH + length;
    int n = Math.min(frameLength - partialCount, in.remaining());
    reserve(partialCount + n, frameLength);
    in.get(partial, partialCount, n);
    partialCount += n;
    if (partialCount < frameLength) {
      return false;
    }
    byte[] frame = partial;
    partialCount = 0;
    if (frame.length > KEEP_BUFFER) {
      partial = NO_BYTES; // don't keep a 16 MiB buffer for one large frame
    }
    int type = frame[3] & 0xff;
    int flags = frame[4] & 0xff;
    int streamId = ByteBuffer.wrap(frame).getInt(5) & 0x7fff_ffff;
    dispatch(type, flags, streamId, ByteBuffer.wrap(frame, HEADER_LENGTH, length).slice(), handler);
    return true;
  }

  /** RFC 9113 §4.2: a frame longer than SETTINGS_MAX_FRAME_SIZE is a FRAME_SIZE_ERROR. */
  private void checkLength(int length) throws Http2Exception {
    if (length > maxFrameSize) {
      throw connectionError(ErrorCode.FRAME_SIZE_ERROR,
          "frame length " + length + " exceeds max frame size " + maxFrameSize + " (RFC 9113 §4.2)");
    }
  }

  /*
   * Every frame starts with this header (RFC 9113 §4.1); `payload` is what follows it.
   *
   *  +-----------------------------------------------+
   *  |                 Length (24)                   |
   *  +---------------+---------------+---------------+
   *  |   Type (8)    |   Flags (8)   |
   *  +-+-------------+---------------+-------------------------------+
   *  |R|                 Stream Identifier (31)                      |
   *  +=+=============================================================+
   *  |                   Frame Payload (0...)                      ...
   *  +---------------------------------------------------------------+
   */
  private void dispatch(int type, int flags, int streamId, ByteBuffer payload, FrameHandler handler)
      throws Http2Exception {
    FrameType frameType = FrameType.of(type);
    if (blockStreamId != 0 && (frameType != FrameType.CONTINUATION || streamId != blockStreamId)) {
      throw connectionError(ErrorCode.PROTOCOL_ERROR, describe(type) + " frame on stream "
          + streamId + " inside the header block of stream " + blockStreamId
          + "; only CONTINUATION may follow (RFC 9113 §6.10)");
    }
    if (!firstFrameSeen) {
      if (frameType != FrameType.SETTINGS || FrameFlags.has(flags, FrameFlags.ACK)) {
        throw connectionError(ErrorCode.PROTOCOL_ERROR, "first frame is " + describe(type)
            + ", not SETTINGS, so the connection preface is invalid (RFC 9113 §3.4)");
      }
      firstFrameSeen = true;
    }
    if (frameType == null) {
      handler.unknownFrame(type, streamId, flags, payload.remaining());
      return;
    }
    switch (frameType) {
      case DATA -> readData(flags, streamId, payload, handler);
      case HEADERS -> readHeaders(flags, streamId, payload, handler);
      case PRIORITY -> readPriority(streamId, payload, handler);
      case RST_STREAM -> readRstStream(streamId, payload, handler);
      case SETTINGS -> readSettings(flags, streamId, payload, handler);
      case PUSH_PROMISE -> readPushPromise(flags, streamId, payload, handler);
      case PING -> readPing(flags, streamId, payload, handler);
      case GOAWAY -> readGoAway(streamId, payload, handler);
      case WINDOW_UPDATE -> readWindowUpdate(streamId, payload, handler);
      case CONTINUATION -> readContinuation(flags, streamId, payload, handler);
    }
  }

  /*
   * DATA (RFC 9113 §6.1):
   *
   *  +---------------+
   *  |Pad Length? (8)|
   *  +---------------+-----------------------------------------------+
   *  |                            Data (*)                         ...
   *  +---------------------------------------------------------------+
   *  |                           Padding (*)                       ...
   *  +---------------------------------------------------------------+
   */
  private void readData(int flags, int streamId, ByteBuffer payload, FrameHandler handler)
      throws Http2Exception {
    requireStream(FrameType.DATA, streamId, "§6.1");
    int flowControlledLength = payload.remaining();
    ByteBuffer data = removePadding(FrameType.DATA, flags, payload, 0, "§6.1");
    handler.data(streamId, FrameFlags.has(flags, FrameFlags.END_STREAM), data, flowControlledLength);
  }

  /*
   * HEADERS (RFC 9113 §6.2):
   *
   *  +---------------+
   *  |Pad Length? (8)|
   *  +-+-------------+-----------------------------------------------+
   *  |E|                 Stream Dependency? (31)                     |
   *  +-+-------------+-----------------------------------------------+
   *  |  Weight? (8)  |
   *  +-+-------------+-----------------------------------------------+
   *  |                   Header Block Fragment (*)                 ...
   *  +---------------------------------------------------------------+
   *  |                           Padding (*)                       ...
   *  +---------------------------------------------------------------+
   */
  private void readHeaders(int flags, int streamId, ByteBuffer payload, FrameHandler handler)
      throws Http2Exception {
    requireStream(FrameType.HEADERS, streamId, "§6.2");
    boolean hasPriority = FrameFlags.has(flags, FrameFlags.PRIORITY);
    ByteBuffer fragment = removePadding(FrameType.HEADERS, flags, payload, hasPriority ? 5 : 0, "§6.2");
    boolean selfDependent = false;
    if (hasPriority) {
      // Parsed only to check it: RFC 9113 §5.3.2 deprecates the priority signals.
      int dependency = fragment.getInt() & 0x7fff_ffff;
      fragment.get(); // weight
      selfDependent = dependency == streamId;
      fragment = fragment.slice();
    }
    startBlock(FrameType.HEADERS, flags, streamId, 0, selfDependent, fragment, handler);
  }

  /*
   * PRIORITY (RFC 9113 §6.3):
   *
   *  +-+-------------------------------------------------------------+
   *  |E|                  Stream Dependency (31)                     |
   *  +-+-------------+-----------------------------------------------+
   *  |   Weight (8)  |
   *  +-+-------------+
   */
  private void readPriority(int streamId, ByteBuffer payload, FrameHandler handler)
      throws Http2Exception {
    requireStream(FrameType.PRIORITY, streamId, "§6.3");
    if (payload.remaining() != 5) {
      throw streamError(streamId, ErrorCode.FRAME_SIZE_ERROR,
          "PRIORITY frame length " + payload.remaining() + " is not 5 (RFC 9113 §6.3)");
    }
    int word = payload.getInt();
    int dependency = word & 0x7fff_ffff;
    int weight = (payload.get() & 0xff) + 1;
    if (dependency == streamId) {
      throw streamError(streamId, ErrorCode.PROTOCOL_ERROR,
          "PRIORITY frame makes stream " + streamId + " depend on itself (RFC 9113 §5.3.1)");
    }
    handler.priority(streamId, dependency, weight, word < 0);
  }

  /*
   * RST_STREAM (RFC 9113 §6.4):
   *
   *  +---------------------------------------------------------------+
   *  |                        Error Code (32)                        |
   *  +---------------------------------------------------------------+
   */
  private void readRstStream(int streamId, ByteBuffer payload, FrameHandler handler)
      throws Http2Exception {
    requireStream(FrameType.RST_STREAM, streamId, "§6.4");
    requireLength(FrameType.RST_STREAM, payload, 4, "§6.4");
    handler.rstStream(streamId, payload.getInt());
  }

  /*
   * SETTINGS (RFC 9113 §6.5): zero or more parameters, each
   *
   *  +-------------------------------+
   *  |       Identifier (16)         |
   *  +-------------------------------+-------------------------------+
   *  |                        Value (32)                             |
   *  +---------------------------------------------------------------+
   */
  private void readSettings(int flags, int streamId, ByteBuffer payload, FrameHandler handler)
      throws Http2Exception {
    requireConnection(FrameType.SETTINGS, streamId, "§6.5");
    int length = payload.remaining();
    boolean ack = FrameFlags.has(flags, FrameFlags.ACK);
    if (ack && length != 0) {
      throw connectionError(ErrorCode.FRAME_SIZE_ERROR,
          "SETTINGS frame with ACK has length " + length + ", not 0 (RFC 9113 §6.5)");
    }
    if (length % SETTING_LENGTH != 0) {
      throw connectionError(ErrorCode.FRAME_SIZE_ERROR,
          "SETTINGS frame length " + length + " is not a multiple of 6 (RFC 9113 §6.5)");
    }
    Http2Settings settings = length == 0 ? Http2Settings.NONE : new Http2Settings();
    while (payload.hasRemaining()) {
      int id = payload.getShort() & 0xffff;
      long value = payload.getInt() & 0xffff_ffffL;
      if (!Http2Settings.isKnown(id)) {
        continue; // RFC 9113 §6.5.2: unknown or unsupported identifiers MUST be ignored
      }
      String violation = Http2Settings.violation(id, value);
      if (violation != null) {
        // RFC 9113 §6.5.2 names FLOW_CONTROL_ERROR for the window size, PROTOCOL_ERROR otherwise.
        throw connectionError(id == Http2Settings.INITIAL_WINDOW_SIZE
            ? ErrorCode.FLOW_CONTROL_ERROR : ErrorCode.PROTOCOL_ERROR, violation);
      }
      settings.set(id, value);
    }
    handler.settings(ack, settings);
  }

  /*
   * PUSH_PROMISE (RFC 9113 §6.6):
   *
   *  +---------------+
   *  |Pad Length? (8)|
   *  +-+-------------+-----------------------------------------------+
   *  |R|                  Promised Stream ID (31)                    |
   *  +-+-----------------------------+-------------------------------+
   *  |                   Header Block Fragment (*)                 ...
   *  +---------------------------------------------------------------+
   *  |                           Padding (*)                       ...
   *  +---------------------------------------------------------------+
   */
  private void readPushPromise(int flags, int streamId, ByteBuffer payload, FrameHandler handler)
      throws Http2Exception {
    requireStream(FrameType.PUSH_PROMISE, streamId, "§6.6");
    ByteBuffer fragment = removePadding(FrameType.PUSH_PROMISE, flags, payload, 4, "§6.6");
    int promisedStreamId = fragment.getInt() & 0x7fff_ffff;
    startBlock(FrameType.PUSH_PROMISE, flags, streamId, promisedStreamId, false, fragment.slice(),
        handler);
  }

  /*
   * PING (RFC 9113 §6.7):
   *
   *  +---------------------------------------------------------------+
   *  |                                                               |
   *  |                      Opaque Data (64)                         |
   *  |                                                               |
   *  +---------------------------------------------------------------+
   */
  private void readPing(int flags, int streamId, ByteBuffer payload, FrameHandler handler)
      throws Http2Exception {
    requireConnection(FrameType.PING, streamId, "§6.7");
    requireLength(FrameType.PING, payload, 8, "§6.7");
    handler.ping(FrameFlags.has(flags, FrameFlags.ACK), payload.getLong());
  }

  /*
   * GOAWAY (RFC 9113 §6.8):
   *
   *  +-+-------------------------------------------------------------+
   *  |R|                  Last-Stream-ID (31)                        |
   *  +-+-------------------------------------------------------------+
   *  |                      Error Code (32)                          |
   *  +---------------------------------------------------------------+
   *  |                  Additional Debug Data (*)                    |
   *  +---------------------------------------------------------------+
   */
  private void readGoAway(int streamId, ByteBuffer payload, FrameHandler handler)
      throws Http2Exception {
    requireConnection(FrameType.GOAWAY, streamId, "§6.8");
    if (payload.remaining() < 8) {
      throw connectionError(ErrorCode.FRAME_SIZE_ERROR,
          "GOAWAY frame length " + payload.remaining() + " is below 8 (RFC 9113 §6.8)");
    }
    int lastStreamId = payload.getInt() & 0x7fff_ffff;
    int code = payload.getInt();
    handler.goAway(lastStreamId, code, payload.slice());
  }

  /*
   * WINDOW_UPDATE (RFC 9113 §6.9):
   *
   *  +-+-------------------------------------------------------------+
   *  |R|              Window Size Increment (31)                     |
   *  +-+-------------------------------------------------------------+
   */
  private void readWindowUpdate(int streamId, ByteBuffer payload, FrameHandler handler)
      throws Http2Exception {
    requireLength(FrameType.WINDOW_UPDATE, payload, 4, "§6.9");
    int increment = payload.getInt() & 0x7fff_ffff;
    if (increment == 0) {
      String message = "WINDOW_UPDATE with increment 0 on stream " + streamId + " (RFC 9113 §6.9)";
      throw streamId == 0
          ? connectionError(ErrorCode.PROTOCOL_ERROR, message)
          : streamError(streamId, ErrorCode.PROTOCOL_ERROR, message);
    }
    handler.windowUpdate(streamId, increment);
  }

  /*
   * CONTINUATION (RFC 9113 §6.10):
   *
   *  +---------------------------------------------------------------+
   *  |                   Header Block Fragment (*)                 ...
   *  +---------------------------------------------------------------+
   */
  private void readContinuation(int flags, int streamId, ByteBuffer payload, FrameHandler handler)
      throws Http2Exception {
    requireStream(FrameType.CONTINUATION, streamId, "§6.10");
    if (blockStreamId == 0) {
      throw connectionError(ErrorCode.PROTOCOL_ERROR, "CONTINUATION frame on stream " + streamId
          + " without a header block in progress (RFC 9113 §6.10)");
    }
    if (++blockFragments > MAX_BLOCK_FRAGMENTS) {
      // Empty or tiny fragments never reach the size limit; counting them stops that flood too.
      throw connectionError(ErrorCode.ENHANCE_YOUR_CALM, "header block of stream " + blockStreamId
          + " spread over more than " + MAX_BLOCK_FRAGMENTS + " CONTINUATION frames (RFC 9113 §10.5)");
    }
    appendToBlock(payload);
    if (FrameFlags.has(flags, FrameFlags.END_HEADERS)) {
      deliverBlock(ByteBuffer.wrap(block, 0, blockLength), handler);
    }
  }

  /**
   * Begins the header block of a HEADERS or PUSH_PROMISE frame. With END_HEADERS it is whole and
   * goes straight to the handler (no copy); otherwise it is gathered until the last CONTINUATION.
   */
  private void startBlock(FrameType type, int flags, int streamId, int promisedStreamId,
      boolean selfDependent, ByteBuffer fragment, FrameHandler handler) throws Http2Exception {
    blockStreamId = streamId;
    blockType = type;
    blockEndStream = FrameFlags.has(flags, FrameFlags.END_STREAM);
    blockPromisedStreamId = promisedStreamId;
    blockSelfDependent = selfDependent;
    blockLength = 0;
    blockFragments = 0;
    if (FrameFlags.has(flags, FrameFlags.END_HEADERS)) {
      checkBlockSize(fragment.remaining());
      deliverBlock(fragment, handler);
    } else {
      appendToBlock(fragment);
    }
  }

  /** CONTINUATION frames one header block may take; a legitimate block needs a handful. */
  static final int MAX_BLOCK_FRAGMENTS = 256;

  private int blockFragments;

  private void appendToBlock(ByteBuffer fragment) throws Http2Exception {
    int n = fragment.remaining();
    checkBlockSize(blockLength + (long) n);
    if (block.length < blockLength + n) {
      // Doubling keeps appends cheap; the cap keeps a hostile peer from making us reserve more.
      int capacity = Math.min(Math.max(blockLength + n, 2 * block.length), maxHeaderBlockSize);
      block = Arrays.copyOf(block, capacity);
    }
    fragment.get(block, blockLength, n);
    blockLength += n;
  }

  /**
   * A peer could send CONTINUATION frames forever; refuse blocks beyond the limit instead of
   * buffering them (RFC 9113 §10.5.1).
   */
  private void checkBlockSize(long size) throws Http2Exception {
    if (size > maxHeaderBlockSize) {
      throw connectionError(ErrorCode.ENHANCE_YOUR_CALM, "header block of stream " + blockStreamId
          + " exceeds " + maxHeaderBlockSize + " octets (RFC 9113 §10.5.1)");
    }
  }

  private void deliverBlock(ByteBuffer headerBlock, FrameHandler handler) throws Http2Exception {
    int streamId = blockStreamId;
    // Reset first: the block is over whatever the handler does.
    blockStreamId = 0;
    if (block.length > KEEP_BUFFER) {
      // The handler still reads the old array through headerBlock; only our reference goes.
      block = NO_BYTES;
    }
    blockLength = 0;
    if (blockType == FrameType.PUSH_PROMISE) {
      handler.pushPromise(streamId, blockPromisedStreamId, headerBlock);
      return;
    }
    // The block is delivered even when the stream is in error, because HPACK must decode every
    // block to keep its dynamic table in step with the peer's (RFC 9113 §4.3).
    handler.headers(streamId, blockEndStream, headerBlock);
    if (blockSelfDependent) {
      throw streamError(streamId, ErrorCode.PROTOCOL_ERROR,
          "HEADERS frame makes stream " + streamId + " depend on itself (RFC 9113 §5.3.1)");
    }
  }

  /**
   * Strips the pad length octet and padding when PADDED is set (RFC 9113 §6.1, §6.2, §6.6), and
   * returns the rest, which starts with {@code fixedLength} octets of fixed fields: {@code payload}
   * itself, or a slice of it.
   */
  private static ByteBuffer removePadding(FrameType type, int flags, ByteBuffer payload,
      int fixedLength, String section) throws Http2Exception {
    int padLength = 0;
    if (FrameFlags.has(flags, FrameFlags.PADDED)) {
      if (!payload.hasRemaining()) {
        throw connectionError(ErrorCode.FRAME_SIZE_ERROR, type
            + " frame is PADDED but too short for the pad length (RFC 9113 " + section + ", §4.2)");
      }
      padLength = payload.get() & 0xff;
    }
    if (payload.remaining() < fixedLength) {
      throw connectionError(ErrorCode.FRAME_SIZE_ERROR, type + " frame length "
          + payload.remaining() + " is too short for its fields (RFC 9113 " + section + ", §4.2)");
    }
    if (padLength > payload.remaining() - fixedLength) {
      throw connectionError(ErrorCode.PROTOCOL_ERROR, type + " frame pad length " + padLength
          + " exceeds the " + (payload.remaining() - fixedLength)
          + " octets left for content and padding (RFC 9113 " + section + ")");
    }
    // Unpadded (nearly every frame): the payload as it is, not one more slice of it per frame.
    return padLength == 0 ? payload : payload.slice(payload.position(), payload.remaining() - padLength);
  }

  private static void requireStream(FrameType type, int streamId, String section)
      throws Http2Exception {
    if (streamId == 0) {
      throw connectionError(ErrorCode.PROTOCOL_ERROR,
          type + " frame on stream 0 (RFC 9113 " + section + ")");
    }
  }

  private static void requireConnection(FrameType type, int streamId, String section)
      throws Http2Exception {
    if (streamId != 0) {
      throw connectionError(ErrorCode.PROTOCOL_ERROR,
          type + " frame on stream " + streamId + ", not 0 (RFC 9113 " + section + ")");
    }
  }

  private static void requireLength(FrameType type, ByteBuffer payload, int length, String section)
      throws Http2Exception {
    if (payload.remaining() != length) {
      throw connectionError(ErrorCode.FRAME_SIZE_ERROR, type + " frame length "
          + payload.remaining() + " is not " + length + " (RFC 9113 " + section + ")");
    }
  }

  private static String describe(int type) {
    FrameType known = FrameType.of(type);
    return known != null ? known.name() : "unknown type 0x" + Integer.toHexString(type);
  }

  private static int medium(ByteBuffer b, int index) {
    return (b.get(index) & 0xff) << 16 | (b.get(index + 1) & 0xff) << 8 | b.get(index + 2) & 0xff;
  }
}
