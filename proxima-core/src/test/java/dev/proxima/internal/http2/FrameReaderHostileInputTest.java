package dev.proxima.internal.http2;

import static dev.proxima.internal.http2.Frames.concat;
import static dev.proxima.internal.http2.Frames.emptySettings;
import static dev.proxima.internal.http2.Frames.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A peer may send anything. Whatever the bytes and however they are cut into reads, {@link
 * FrameReader} either reports frames or throws the {@link Http2Exception} RFC 9113 names for the
 * rule the first bad frame breaks, and after a stream error it reads on.
 *
 * <p>The fuzz cases are seeded: a failure prints the case seed, the chunk sizes and the input in
 * hex, and {@link #replay} runs one case again. Each case is checked three ways: against {@link
 * Rfc9113}, a plain model of the rules that reads the whole input at once; in one read; and in
 * random chunks, which must give the very same frames and errors as the one read.
 */
class FrameReaderHostileInputTest {
  private static final long SEED = 0x9113_0001L;
  private static final int MUTATED_CASES = 3000;
  private static final int RANDOM_CASES = 1500;

  private static final int MAX_FRAME_SIZE = Http2Settings.DEFAULT_MAX_FRAME_SIZE;
  /** Small, so that generated header blocks reach it now and then. */
  private static final int MAX_HEADER_BLOCK = 4096;

  private static final int DATA = 0x0, HEADERS = 0x1, PRIORITY = 0x2, RST_STREAM = 0x3,
      SETTINGS = 0x4, PUSH_PROMISE = 0x5, PING = 0x6, GOAWAY = 0x7, WINDOW_UPDATE = 0x8,
      CONTINUATION = 0x9;
  private static final int END_STREAM = FrameFlags.END_STREAM, ACK = FrameFlags.ACK,
      END_HEADERS = FrameFlags.END_HEADERS, PADDED = FrameFlags.PADDED,
      PRIORITY_FLAG = FrameFlags.PRIORITY;

  // Sharp edges FrameReaderTest does not already pin down (it covers padding as long as the
  // payload, a frame over the limit, SETTINGS not a multiple of 6, PING of 7 octets, WINDOW_UPDATE
  // of 3, RST_STREAM of 5, PRIORITY of 4, CONTINUATION without a block or on another stream, and a
  // block over the limit): the other side of each length rule, and the bounds themselves.

  @Test
  void fixedLengthFramesOneOctetTooLongAreFrameSizeErrors() {
    assertConnectionError(ErrorCode.FRAME_SIZE_ERROR, "§6.7", raw(PING, 0, 0, new byte[9]));
    assertConnectionError(ErrorCode.FRAME_SIZE_ERROR, "§6.9",
        raw(WINDOW_UPDATE, 0, 1, Frames.bytes(0, 0, 0, 1, 0)));
    assertConnectionError(ErrorCode.FRAME_SIZE_ERROR, "§6.4", raw(RST_STREAM, 0, 1, new byte[3]));
    Http2Exception e = failure(new FrameReader(false, MAX_FRAME_SIZE, MAX_HEADER_BLOCK),
        raw(PRIORITY, 0, 3, Frames.bytes(0, 0, 0, 1, 0, 0)));
    assertTrue(e.isStreamError(), e.getMessage());
    assertEquals(3, e.streamId());
    assertEquals(ErrorCode.FRAME_SIZE_ERROR, e.code());
  }

  @Test
  void frameOfExactlyMaxFrameSizeIsAccepted() throws Http2Exception {
    RecordingHandler handler = new RecordingHandler();
    Frames.readAll(new FrameReader(false, MAX_FRAME_SIZE, MAX_HEADER_BLOCK),
        concat(emptySettings(), raw(DATA, 0, 1, new byte[MAX_FRAME_SIZE])), handler);
    assertEquals("DATA 1 endStream=false '" + "\0".repeat(MAX_FRAME_SIZE) + "' flow=" + MAX_FRAME_SIZE,
        handler.events.get(1));
  }

  @Test
  void headerBlockOfExactlyTheLimitAcrossContinuationsIsDelivered() throws Http2Exception {
    RecordingHandler handler = new RecordingHandler();
    Frames.readAll(new FrameReader(false, MAX_FRAME_SIZE, 100), concat(emptySettings(),
        raw(HEADERS, 0, 1, new byte[60]), raw(CONTINUATION, END_HEADERS, 1, new byte[40])), handler);
    assertEquals("HEADERS 1 endStream=false '" + "\0".repeat(100) + "'", handler.events.get(1));
  }

  @Test
  void aHeaderBlockNeverEndedIsRefusedAtTheFirstContinuationPastTheLimit() throws Http2Exception {
    // RFC 9113 §10.5.1: the reader holds at most the limit; it does not wait for END_HEADERS.
    FrameReader reader = new FrameReader(false, MAX_FRAME_SIZE, 4096);
    RecordingHandler handler = new RecordingHandler();
    Frames.readAll(reader, concat(emptySettings(), raw(HEADERS, 0, 1, new byte[1000])), handler);
    for (int i = 0; i < 3; i++) {
      Frames.readInChunks(reader, raw(CONTINUATION, 0, 1, new byte[1000]), 7, handler);
    }
    Http2Exception e = assertThrows(Http2Exception.class,
        () -> Frames.readInChunks(reader, raw(CONTINUATION, 0, 1, new byte[1000]), 7, handler));
    assertTrue(e.isConnectionError(), e.getMessage());
    assertEquals(ErrorCode.ENHANCE_YOUR_CALM, e.code());
    assertTrue(e.getMessage().contains("exceeds 4096 octets (RFC 9113 §10.5.1)"), e.getMessage());
  }

  @Test
  void emptyContinuationsPastTheFragmentLimitAreEnhanceYourCalm() throws Http2Exception {
    // Empty fragments never reach the size limit; their count is bounded instead (RFC 9113 §10.5).
    byte[] headers = raw(HEADERS, 0, 1, new byte[1]);
    byte[] empty = raw(CONTINUATION, 0, 1);
    byte[][] allButTheLast = new byte[FrameReader.MAX_BLOCK_FRAGMENTS - 1][];
    Arrays.fill(allButTheLast, empty);
    RecordingHandler handler = new RecordingHandler();
    Frames.readAll(new FrameReader(false, MAX_FRAME_SIZE, MAX_HEADER_BLOCK), concat(emptySettings(),
        headers, concat(allButTheLast), raw(CONTINUATION, END_HEADERS, 1)), handler);
    assertEquals("HEADERS 1 endStream=false '\0'", handler.events.get(1),
        "a block may take " + FrameReader.MAX_BLOCK_FRAGMENTS + " CONTINUATION frames");

    Http2Exception e = failure(new FrameReader(false, MAX_FRAME_SIZE, MAX_HEADER_BLOCK),
        concat(headers, concat(allButTheLast), empty, empty));
    assertTrue(e.isConnectionError(), e.getMessage());
    assertEquals(ErrorCode.ENHANCE_YOUR_CALM, e.code());
  }

  private static void assertConnectionError(ErrorCode code, String section, byte[] frame) {
    Http2Exception e = failure(new FrameReader(false, MAX_FRAME_SIZE, MAX_HEADER_BLOCK), frame);
    assertTrue(e.isConnectionError(), e.getMessage());
    assertEquals(code, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains("(RFC 9113 " + section + ")"), e.getMessage());
  }

  /** The error from reading an empty SETTINGS frame and then {@code frames}. */
  private static Http2Exception failure(FrameReader reader, byte[] frames) {
    return assertThrows(Http2Exception.class,
        () -> Frames.readAll(reader, concat(emptySettings(), frames), new RecordingHandler()));
  }

  // Fuzz cases.

  @Test
  void mutatedFrameSequencesGiveTheFramesOrTheErrorTheRfcNames() {
    Tally tally = new Tally();
    for (int i = 0; i < MUTATED_CASES; i++) {
      tally.add(mutatedCase(SEED + i));
    }
    // The generator must reach every kind of ending, or the cases above prove little.
    tally.assertReached("the end of the input without an error", "frames",
        "stream error FRAME_SIZE_ERROR", "stream error PROTOCOL_ERROR",
        "connection error FRAME_SIZE_ERROR", "connection error PROTOCOL_ERROR",
        "connection error ENHANCE_YOUR_CALM", "connection error FLOW_CONTROL_ERROR");
  }

  @Test
  void randomBytesAfterAValidStartGiveFramesOrTheErrorTheRfcNames() {
    Tally tally = new Tally();
    for (int i = 0; i < RANDOM_CASES; i++) {
      tally.add(randomCase(SEED + MUTATED_CASES + i));
    }
    tally.assertReached("the end of the input without an error",
        "connection error FRAME_SIZE_ERROR", "connection error PROTOCOL_ERROR");
  }

  /** Runs one fuzz case again by the seed a failure printed. */
  static List<String> replay(long caseSeed) {
    return caseSeed < SEED + MUTATED_CASES ? mutatedCase(caseSeed) : randomCase(caseSeed);
  }

  private static List<String> mutatedCase(long caseSeed) {
    Random random = new Random(caseSeed);
    boolean server = random.nextInt(3) == 0;
    Wire wire = new Wire();
    if (server) {
      wire.raw(Preface.bytes());
    }
    validFrames(random, wire);
    byte[] bytes = wire.bytes();
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      bytes = mutate(random, bytes, wire.frameStarts);
    }
    return check(caseSeed, random, server, bytes);
  }

  private static List<String> randomCase(long caseSeed) {
    Random random = new Random(caseSeed);
    boolean server = random.nextBoolean();
    byte[] start = concat(server ? Preface.bytes() : new byte[0],
        random.nextInt(4) == 0 ? new byte[0] : emptySettings());
    byte[] noise = new byte[random.nextInt(300)];
    boolean biased = random.nextBoolean();
    for (int i = 0; i < noise.length; i++) {
      // Mostly zeros and small values make plausible frame headers; pure noise rarely does.
      noise[i] = (byte) (!biased ? random.nextInt(256)
          : random.nextInt(2) == 0 ? 0 : random.nextInt(3) == 0 ? random.nextInt(256)
          : random.nextInt(10));
    }
    return check(caseSeed, random, server, concat(start, noise));
  }

  /**
   * Reads {@code wire} in one piece and in random chunks, compares each against the RFC model and
   * the chunked reads against the one read. Returns the outcome of the one read.
   */
  private static List<String> check(long caseSeed, Random random, boolean server, byte[] wire) {
    int[] chunks = {wire.length};
    try {
      List<String> expected = Rfc9113.expect(wire, server);
      Outcome whole = read(wire, server, chunks);
      assertMatches(expected, whole.events);
      for (int c = 0; c < 3; c++) {
        chunks = randomChunks(random, wire.length, c);
        Outcome pieces = read(wire, server, chunks);
        if (!pieces.equals(whole)) {
          throw new AssertionError("in chunks: " + pieces + "\nin one read: " + whole);
        }
      }
      if (wire.length <= 2048) {
        chunks = new int[wire.length];
        Arrays.fill(chunks, 1);
        Outcome bytes = read(wire, server, chunks);
        if (!bytes.equals(whole)) {
          throw new AssertionError("byte by byte: " + bytes + "\nin one read: " + whole);
        }
      }
      return whole.events;
    } catch (Throwable t) {
      throw new AssertionError("case seed 0x" + Long.toHexString(caseSeed) + " (replay("
          + caseSeed + "L)), " + (server ? "server" : "client") + " side, chunks "
          + Arrays.toString(chunks) + ", input (" + wire.length + " octets):\n"
          + HexFormat.of().formatHex(wire) + "\n" + t, t);
    }
  }

  /** Chunk sizes that add up to {@code length}: large, small, or around a frame header's size. */
  private static int[] randomChunks(Random random, int length, int style) {
    List<Integer> sizes = new ArrayList<>();
    for (int left = length; left > 0; ) {
      int bound = switch (style) {
        case 0 -> left;
        case 1 -> 16;
        default -> 2 * FrameReader.HEADER_LENGTH + 2;
      };
      int n = Math.min(left, 1 + random.nextInt(bound));
      sizes.add(n);
      left -= n;
    }
    return sizes.stream().mapToInt(Integer::intValue).toArray();
  }

  /** What a reader reported: one line per frame and per error, and the errors' messages. */
  private record Outcome(List<String> events, List<String> messages) {}

  /**
   * Feeds {@code wire} to a fresh reader in pieces of the given sizes through one reused buffer,
   * the way the connection does: after a stream error it reads on from where the reader left the
   * buffer; after a connection error it stops.
   */
  private static Outcome read(byte[] wire, boolean server, int[] chunks) {
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
            return new Outcome(handler.events, messages);
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
    return new Outcome(handler.events, messages);
  }

  /**
   * Compares what the reader reported with what the model expects. An expected error lists every
   * code the RFC allows for the rules that frame broke ({@code "connection error A|B"}); the
   * reader's must be one of them.
   */
  private static void assertMatches(List<String> expected, List<String> actual) {
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      String want = i < expected.size() ? expected.get(i) : "(nothing)";
      String got = i < actual.size() ? actual.get(i) : "(nothing)";
      boolean same = isError(want) ? isError(got) && allows(want, got) : want.equals(got);
      if (!same) {
        throw new AssertionError("event " + i + ": expected " + want + " but was " + got
            + "\nexpected " + expected + "\nactual   " + actual);
      }
    }
  }

  private static boolean isError(String event) {
    return event.startsWith("connection error ") || event.startsWith("stream error ");
  }

  private static boolean allows(String want, String got) {
    int w = want.lastIndexOf(' ');
    int g = got.lastIndexOf(' ');
    return want.substring(0, w).equals(got.substring(0, g))
        && Set.of(want.substring(w + 1).split("\\|")).contains(got.substring(g + 1));
  }

  /** Counts how fuzz cases ended, to show the generator reaches every kind of ending. */
  private static final class Tally {
    private final TreeMap<String, Integer> endings = new TreeMap<>();

    void add(List<String> events) {
      String last = events.isEmpty() ? "" : events.get(events.size() - 1);
      String ending = last.startsWith("connection error ") ? last
          : "the end of the input without an error";
      endings.merge(ending, 1, Integer::sum);
      for (String e : events) {
        if (e.startsWith("stream error ")) {
          endings.merge("stream error " + e.substring(e.lastIndexOf(' ') + 1), 1, Integer::sum);
        } else if (!isError(e)) {
          endings.merge("frames", 1, Integer::sum);
        }
      }
    }

    void assertReached(String... kinds) {
      for (String kind : kinds) {
        assertTrue(endings.containsKey(kind), "no case reached " + kind + ": " + endings);
      }
    }
  }

  // Valid frame sequences and their mutations.

  /** Octets being built, and where each frame starts in them. */
  private static final class Wire {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final List<Integer> frameStarts = new ArrayList<>();

    void raw(byte[] bytes) {
      out.writeBytes(bytes);
    }

    void frame(int type, int flags, int streamId, byte[] payload) {
      frameStarts.add(out.size());
      out.writeBytes(Frames.raw(type, flags, streamId, payload));
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  /** A SETTINGS frame and then up to a dozen frames of every type, each of them valid. */
  private static void validFrames(Random random, Wire wire) {
    wire.frame(SETTINGS, 0, 0, validSettings(random));
    int count = 1 + random.nextInt(12);
    for (int i = 0; i < count; i++) {
      int streamId = random.nextInt(8) == 0 ? 1 + random.nextInt(Integer.MAX_VALUE)
          : 1 + 2 * random.nextInt(50);
      switch (random.nextInt(10)) {
        case 0 -> {
          byte[] data = randomBytes(random, random.nextInt(20) == 0
              ? random.nextInt(MAX_FRAME_SIZE - 256) : random.nextInt(64));
          int flags = random.nextBoolean() ? END_STREAM : 0;
          if (random.nextBoolean()) {
            wire.frame(DATA, flags | PADDED, streamId, padded(data, random.nextInt(256)));
          } else {
            wire.frame(DATA, flags, streamId, data);
          }
        }
        case 1, 2 -> headerBlock(random, wire, streamId, random.nextInt(4) == 0);
        case 3 -> {
          int dependency = random.nextInt(Integer.MAX_VALUE);
          wire.frame(PRIORITY, 0, streamId, ByteBuffer.allocate(5)
              .putInt(dependency == streamId ? dependency + 1 : dependency)
              .put((byte) random.nextInt(256)).array());
        }
        case 4 -> wire.frame(RST_STREAM, 0, streamId, intBytes(random.nextInt(20)));
        case 5 -> {
          if (random.nextBoolean()) {
            wire.frame(SETTINGS, ACK, 0, new byte[0]);
          } else {
            wire.frame(SETTINGS, 0, 0, validSettings(random));
          }
        }
        case 6 -> wire.frame(PING, random.nextInt(2), 0, randomBytes(random, 8));
        case 7 -> wire.frame(GOAWAY, 0, 0, concat(intBytes(random.nextInt(1000)),
            intBytes(random.nextInt(16)), randomBytes(random, random.nextInt(20))));
        case 8 -> wire.frame(WINDOW_UPDATE, 0, random.nextBoolean() ? 0 : streamId,
            intBytes(1 + random.nextInt(Integer.MAX_VALUE)));
        default -> wire.frame(10 + random.nextInt(246), random.nextInt(256),
            random.nextInt(100), randomBytes(random, random.nextInt(30)));
      }
    }
  }

  /**
   * HEADERS or PUSH_PROMISE, with or without padding and priority, its block cut into up to four
   * fragments carried on by CONTINUATION frames.
   */
  private static void headerBlock(Random random, Wire wire, int streamId, boolean push) {
    // Now and then a block longer than the reader takes: valid framing, but over our limit.
    byte[] block = randomBytes(random, random.nextInt(10) == 0
        ? random.nextInt(MAX_HEADER_BLOCK + 1000) : random.nextInt(200));
    int fragments = 1 + random.nextInt(4);
    int[] cuts = random.ints(fragments - 1, 0, block.length + 1).sorted().toArray();
    int from = 0;
    for (int f = 0; f < fragments; f++) {
      int to = f < cuts.length ? cuts[f] : block.length;
      byte[] fragment = Arrays.copyOfRange(block, from, to);
      int flags = f == fragments - 1 ? END_HEADERS : 0;
      if (f > 0) {
        wire.frame(CONTINUATION, flags, streamId, fragment);
      } else {
        byte[] fields = new byte[0];
        if (push) {
          fields = intBytes(2 * (1 + random.nextInt(1000)));
        } else {
          flags |= random.nextBoolean() ? END_STREAM : 0;
          if (random.nextBoolean()) {
            flags |= PRIORITY_FLAG;
            int dependency = random.nextInt(Integer.MAX_VALUE);
            fields = ByteBuffer.allocate(5).putInt((dependency == streamId ? dependency + 1
                : dependency) | (random.nextBoolean() ? 0x8000_0000 : 0))
                .put((byte) random.nextInt(256)).array();
          }
        }
        byte[] payload = concat(fields, fragment);
        if (random.nextBoolean()) {
          flags |= PADDED;
          payload = padded(payload, random.nextInt(256));
        }
        wire.frame(push ? PUSH_PROMISE : HEADERS, flags, streamId, payload);
      }
      from = to;
    }
  }

  private static byte[] validSettings(Random random) {
    ByteBuffer b = ByteBuffer.allocate(6 * 4);
    for (int n = random.nextInt(4); n > 0; n--) {
      int id = 1 + random.nextInt(8); // 7 and 8 are unknown: ignored
      long value = switch (id) {
        case Http2Settings.ENABLE_PUSH -> random.nextInt(2);
        case Http2Settings.INITIAL_WINDOW_SIZE -> random.nextInt(Integer.MAX_VALUE);
        case Http2Settings.MAX_FRAME_SIZE -> MAX_FRAME_SIZE + random.nextInt(1 << 20);
        default -> random.nextInt() & 0xffff_ffffL;
      };
      b.putShort((short) id).putInt((int) value);
    }
    return Arrays.copyOf(b.array(), b.position());
  }

  /** {@code content} behind a pad length octet and followed by that many zeros (RFC 9113 §6.1). */
  private static byte[] padded(byte[] content, int padLength) {
    return concat(new byte[] {(byte) padLength}, content, new byte[padLength]);
  }

  /** One random change: a bit, an octet, a header field, a cut, a gap, an insertion or a copy. */
  private static byte[] mutate(Random random, byte[] wire, List<Integer> frameStarts) {
    if (wire.length == 0) {
      return randomBytes(random, 1 + random.nextInt(20));
    }
    byte[] b = wire.clone();
    int at = random.nextInt(b.length);
    // Earlier mutations may have cut the input short of this frame: then change any octet.
    int frame = frameStarts.get(random.nextInt(frameStarts.size()));
    int kind = frame + FrameReader.HEADER_LENGTH <= b.length ? random.nextInt(11) : 1;
    switch (kind) {
      case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
      case 1 -> b[at] = (byte) random.nextInt(256);
      case 2 -> { // the length field: off by a little, or anything
        int length = random.nextBoolean() ? medium(b, frame) + random.nextInt(11) - 5
            : random.nextInt(3) == 0 ? MAX_FRAME_SIZE + random.nextInt(2) : random.nextInt(1 << 24);
        setMedium(b, frame, length);
      }
      case 3 -> b[frame + 3] = (byte) (random.nextBoolean() ? random.nextInt(11) : random.nextInt(256));
      case 4 -> b[frame + 4] = (byte) random.nextInt(256);
      case 5 -> { // the stream id: 0, another stream, the reserved bit
        int streamId = switch (random.nextInt(3)) {
          case 0 -> 0;
          case 1 -> random.nextInt(10);
          default -> ByteBuffer.wrap(b).getInt(frame + 5) ^ 0x8000_0000;
        };
        ByteBuffer.wrap(b).putInt(frame + 5, streamId);
      }
      case 6 -> { // an early payload octet: a pad length, a dependency, a setting's value, ...
        int octets = Math.min(6, b.length - frame - FrameReader.HEADER_LENGTH);
        if (octets > 0) {
          b[frame + FrameReader.HEADER_LENGTH + random.nextInt(octets)] = (byte) random.nextInt(256);
        }
      }
      case 7 -> b = Arrays.copyOf(b, at);
      case 8 -> {
        int end = Math.min(b.length, at + 1 + random.nextInt(20));
        b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, end, b.length));
      }
      case 9 -> valueAtTheEdge(random, b, frame);
      default -> { // a copy of one frame's first octets, or of random octets, put anywhere
        byte[] inserted = random.nextBoolean() ? randomBytes(random, 1 + random.nextInt(20))
            : Arrays.copyOfRange(b, frame, Math.min(b.length, frame + 9 + random.nextInt(40)));
        b = concat(Arrays.copyOf(b, at), inserted, Arrays.copyOfRange(b, at, b.length));
      }
    }
    return b;
  }

  /**
   * Sets a field a rule bounds to a value at or just past the bound: random octets seldom hit
   * those (a setting out of range, increment 0, a stream depending on itself, padding as long as
   * the payload).
   */
  private static void valueAtTheEdge(Random random, byte[] b, int frame) {
    ByteBuffer w = ByteBuffer.wrap(b);
    int payload = frame + FrameReader.HEADER_LENGTH;
    int length = Math.min(medium(b, frame), b.length - payload);
    int streamId = w.getInt(frame + 5) & 0x7fff_ffff;
    switch (b[frame + 3] & 0xff) {
      case SETTINGS -> {
        if (length >= 6) {
          int id = new int[] {Http2Settings.ENABLE_PUSH, Http2Settings.INITIAL_WINDOW_SIZE,
              Http2Settings.MAX_FRAME_SIZE}[random.nextInt(3)];
          long value = switch (id) {
            case Http2Settings.ENABLE_PUSH -> 1 + random.nextInt(2);
            case Http2Settings.INITIAL_WINDOW_SIZE -> Integer.MAX_VALUE + (long) random.nextInt(2);
            default -> random.nextBoolean() ? MAX_FRAME_SIZE - random.nextInt(2) : (1 << 24) - random.nextInt(2);
          };
          w.putShort(payload, (short) id).putInt(payload + 2, (int) value);
        }
      }
      case WINDOW_UPDATE -> {
        if (length >= 4) {
          w.putInt(payload, random.nextBoolean() ? 0 : 0x8000_0000);
        }
      }
      case PRIORITY -> {
        if (length >= 4) {
          w.putInt(payload, streamId | (random.nextBoolean() ? 0x8000_0000 : 0));
        }
      }
      case HEADERS -> {
        int fields = (b[frame + 4] & PADDED) != 0 ? 1 : 0;
        if (length >= fields + 5) {
          b[frame + 4] |= (byte) PRIORITY_FLAG;
          w.putInt(payload + fields, streamId);
        }
      }
      case DATA, PUSH_PROMISE -> {
        if (length >= 1) {
          b[frame + 4] |= (byte) PADDED;
          b[payload] = (byte) (length - random.nextInt(2));
        }
      }
      default -> b[frame + 4] ^= (byte) END_HEADERS;
    }
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] intBytes(int value) {
    return ByteBuffer.allocate(4).putInt(value).array();
  }

  private static int medium(byte[] b, int at) {
    return (b[at] & 0xff) << 16 | (b[at + 1] & 0xff) << 8 | b[at + 2] & 0xff;
  }

  private static void setMedium(byte[] b, int at, int value) {
    b[at] = (byte) (value >>> 16);
    b[at + 1] = (byte) (value >>> 8);
    b[at + 2] = (byte) value;
  }

  /**
   * The rules of RFC 9113 §3.4, §4 and §6 as a plain model: it reads the whole input at once, frame
   * by frame, and for the first frame that breaks rules collects every code the RFC allows for
   * what it broke. A connection error wins over a stream error; after a stream error it reads on.
   * It writes down the events it expects through a {@link RecordingHandler}, so they read exactly
   * like the reader's.
   */
  private static final class Rfc9113 {
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

    private Rfc9113(byte[] wire) {
      this.wire = wire;
    }

    static List<String> expect(byte[] wire, boolean server) {
      Rfc9113 model = new Rfc9113(wire);
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
          yield () -> out.rstStream(streamId, ErrorCode.of(ByteBuffer.wrap(p).getInt()));
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
          yield () -> out.goAway(b.getInt() & 0x7fff_ffff, ErrorCode.of(b.getInt()), b.slice());
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
}
