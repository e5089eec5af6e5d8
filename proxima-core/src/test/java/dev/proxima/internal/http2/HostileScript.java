package dev.proxima.internal.http2;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The frames one seeded hostile client sends a gRPC server after the handshake: valid unary
 * requests for the echo method (HEADERS with :method POST, the :path, content-type
 * application/grpc and te: trailers; DATA with a length-prefixed message), valid oddities around
 * them (padding, CONTINUATION, PING, PRIORITY, unknown frame types, SETTINGS), then a few
 * {@link Mutation}s.
 *
 * <p>A mutation whose effect hangs on how the server reads the damage (a flipped bit in a header
 * block decodes to anything) names the GOAWAY codes it makes acceptable in {@link #allowed}; what a
 * frame demands in any case (DATA on stream 0 is PROTOCOL_ERROR) is the {@link ClientView}'s to
 * work out from the frames as sent. Header blocks are literals without indexing (RFC 7541 §6.2.2),
 * so that a damaged block leaves the others' meaning alone.
 */
final class HostileScript {
  static final String PATH = "/test.Echo/Unary";

  final long seed;
  /** Our SETTINGS, the first frame after the preface: valid, else the handshake is the test. */
  final WireFrame settings;
  final List<WireFrame> frames = new ArrayList<>();
  /** Each request's message (null when it sends none), by its stream as built. */
  final Map<Integer, byte[]> messages = new TreeMap<>();
  /** GOAWAY codes the mutations make acceptable beyond those the frames demand. */
  final EnumSet<ErrorCode> allowed = EnumSet.noneOf(ErrorCode.class);
  final List<String> mutations = new ArrayList<>();
  /** Send only this many octets of {@link #frames}, then close our side; -1 to send them all. */
  int cutAt = -1;
  /** Close our side after sending: the server could not tell where the frames end otherwise. */
  boolean closeAfterSending;
  /** Our GOAWAY, sent after every other frame; or null. */
  WireFrame clientGoAway;

  private final Random random;
  private int lastRequestId;

  private HostileScript(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
    this.settings = new WireFrame(FrameType.SETTINGS, 0, 0, initialSettings(), 0);
  }

  /** The script for {@code seed}: the same frames for the same seed, always. */
  static HostileScript generate(long seed) {
    HostileScript s = new HostileScript(seed);
    s.buildRequests();
    s.addValidExtras();
    int count = s.random.nextInt(8) == 0 ? 0 : 1 + (s.random.nextInt(4) == 0 ? s.random.nextInt(3) : 0);
    for (int i = 0; i < count; i++) {
      Mutation m;
      do {
        m = Mutation.draw(s.random);
      } while (!m.apply(s, s.random));
      s.mutations.add(m.name());
    }
    s.clientGoAwayLast();
    return s;
  }

  /**
   * Our GOAWAY goes after every other frame: once it came, the server may close as soon as it has
   * no stream open (RFC 9113 §6.8), leaving what follows unread, and no rule could say what of it.
   */
  private void clientGoAwayLast() {
    if (clientGoAway != null) {
      frames.remove(clientGoAway);
      frames.add(clientGoAway);
    }
  }

  /** Our SETTINGS_INITIAL_WINDOW_SIZE: the server's send window on each stream starts there. */
  int initialWindow() {
    return (int) setting(Http2Settings.INITIAL_WINDOW_SIZE, Http2Settings.DEFAULT_INITIAL_WINDOW_SIZE);
  }

  int maxFrameSize() {
    return (int) setting(Http2Settings.MAX_FRAME_SIZE, Http2Settings.DEFAULT_MAX_FRAME_SIZE);
  }

  int headerTableSize() {
    return (int) setting(Http2Settings.HEADER_TABLE_SIZE, Http2Settings.DEFAULT_HEADER_TABLE_SIZE);
  }

  private long setting(int id, long dflt) {
    ByteBuffer p = ByteBuffer.wrap(settings.payload);
    long value = dflt;
    while (p.remaining() >= 6) {
      int at = p.getShort() & 0xffff;
      long v = p.getInt() & 0xffff_ffffL;
      if (at == id) {
        value = v;
      }
    }
    return value;
  }

  /** The octets of {@link #frames} as sent (cut when {@link #cutAt} says so). */
  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (WireFrame f : frames) {
      out.writeBytes(f.bytes());
    }
    byte[] all = out.toByteArray();
    return cutAt >= 0 && cutAt < all.length ? Arrays.copyOf(all, cutAt) : all;
  }

  /** What to print when a rule fails: the seed, the mutations, the frames, the octets in hex. */
  String describe() {
    StringBuilder b = new StringBuilder("seed 0x").append(Long.toHexString(seed)).append(", mutations ")
        .append(mutations).append(cutAt >= 0 ? ", cut after " + cutAt + " octets" : "")
        .append(closeAfterSending ? ", then our side closed" : "").append('\n');
    b.append("  SETTINGS ").append(HexFormat.of().formatHex(settings.payload)).append('\n');
    for (WireFrame f : frames) {
      b.append("  ").append(f).append('\n');
    }
    b.append("  octets after the handshake: ").append(HexFormat.of().formatHex(bytes()));
    return b.toString();
  }

  // ---------------------------------------------------------------- valid frames

  private byte[] initialSettings() {
    ByteBuffer p = ByteBuffer.allocate(6 * 7);
    if (random.nextBoolean()) {
      p.putShort((short) Http2Settings.HEADER_TABLE_SIZE).putInt(new int[] {0, 256, 4096, 65536}[random.nextInt(4)]);
    }
    if (random.nextBoolean()) {
      p.putShort((short) Http2Settings.ENABLE_PUSH).putInt(0);
    }
    if (random.nextInt(3) == 0) {
      p.putShort((short) Http2Settings.INITIAL_WINDOW_SIZE).putInt(new int[] {1024, 65535, 1 << 20}[random.nextInt(3)]);
    }
    if (random.nextInt(3) == 0) {
      p.putShort((short) Http2Settings.MAX_FRAME_SIZE).putInt(random.nextBoolean() ? 16384 : 1 << 20);
    }
    if (random.nextInt(4) == 0) {
      p.putShort((short) Http2Settings.MAX_CONCURRENT_STREAMS).putInt(random.nextInt(200));
    }
    if (random.nextInt(4) == 0) {
      p.putShort((short) 0x99).putInt(random.nextInt()); // unknown: ignored (RFC 9113 §6.5.2)
    }
    return Arrays.copyOf(p.array(), p.position());
  }

  /** One to three requests on increasing odd ids, their frames interleaved (still valid). */
  private void buildRequests() {
    int count = 1 + random.nextInt(3);
    int id = 1 + 2 * random.nextInt(4);
    List<List<List<WireFrame>>> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      requests.add(request(id));
      lastRequestId = id;
      id += 2 * (1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0));
    }
    // Units (a HEADERS and its CONTINUATIONs stay together) taken in a random order that keeps
    // each request's own order and opens the streams in the order of their ids (RFC 9113 §5.1.1).
    int[] next = new int[count];
    int started = 0;
    while (true) {
      List<Integer> ready = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        if (next[i] < requests.get(i).size() && (next[i] > 0 || i == started)) {
          ready.add(i);
        }
      }
      if (ready.isEmpty()) {
        return;
      }
      int i = ready.get(random.nextInt(ready.size()));
      if (next[i] == 0) {
        started++;
      }
      frames.addAll(requests.get(i).get(next[i]++));
    }
  }

  /** The units of one request on stream {@code id}. */
  private List<List<WireFrame>> request(int id) {
    List<List<WireFrame>> units = new ArrayList<>();
    byte[] body = new byte[random.nextInt(41)];
    random.nextBytes(body);
    int kind = random.nextInt(12);
    boolean headersOnly = kind == 0;
    boolean leftOpen = kind == 1;
    boolean trailers = kind == 2;
    units.add(headers(id, requestBlock(id), headersOnly));
    if (random.nextInt(6) == 0) {
      units.add(List.of(new WireFrame(FrameType.WINDOW_UPDATE, 0, id, intPayload(1 + random.nextInt(1000)), id)));
    }
    if (headersOnly) {
      messages.put(id, null);
      return units;
    }
    messages.put(id, body);
    byte[] message = ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(body.length).put(body).array();
    boolean endWithData = !leftOpen && !trailers;
    if (message.length > 1 && random.nextInt(3) == 0) {
      int split = 1 + random.nextInt(message.length - 1);
      units.add(List.of(data(id, Arrays.copyOfRange(message, 0, split), false)));
      units.add(List.of(data(id, Arrays.copyOfRange(message, split, message.length), endWithData)));
    } else {
      units.add(List.of(data(id, message, endWithData)));
    }
    if (trailers) {
      units.add(headers(id, block(new String[][] {{"x-trailer", "done"}}), true));
    }
    return units;
  }

  static String[][] requestFields(int id) {
    return new String[][] {{":method", "POST"}, {":scheme", "http"}, {":path", PATH}, {":authority", "localhost"},
        {"content-type", "application/grpc"}, {"te", "trailers"}, {"x-request", Integer.toString(id)}};
  }

  private static byte[] requestBlock(int id) {
    return block(requestFields(id));
  }

  /** A header block of literals without indexing, new names, no Huffman (RFC 7541 §6.2.2). */
  static byte[] block(String[][] fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String[] f : fields) {
      out.write(0x00);
      string(out, f[0]);
      string(out, f[1]);
    }
    return out.toByteArray();
  }

  private static void string(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    integer(out, 0, 7, b.length);
    out.writeBytes(b);
  }

  /** An integer with an N-bit prefix (RFC 7541 §5.1). */
  private static void integer(ByteArrayOutputStream out, int high, int prefixBits, int value) {
    int max = (1 << prefixBits) - 1;
    if (value < max) {
      out.write(high | value);
      return;
    }
    out.write(high | max);
    value -= max;
    while (value >= 128) {
      out.write(value % 128 + 128);
      value /= 128;
    }
    out.write(value);
  }

  /** HEADERS for {@code block}, sometimes padded, with priority, or split over CONTINUATION. */
  private List<WireFrame> headers(int id, byte[] block, boolean endStream) {
    int es = endStream ? FrameFlags.END_STREAM : 0;
    List<WireFrame> unit = new ArrayList<>();
    byte[] first = block;
    byte[] rest = null;
    if (block.length > 1 && random.nextInt(4) == 0) {
      int split = 1 + random.nextInt(block.length - 1);
      first = Arrays.copyOfRange(block, 0, split);
      rest = Arrays.copyOfRange(block, split, block.length);
    }
    int flags = es | (rest == null ? FrameFlags.END_HEADERS : 0);
    byte[] payload = first;
    int contentFrom = 0;
    if (random.nextInt(10) == 0) {
      int dependency = random.nextBoolean() ? 0 : Math.max(0, id - 2);
      payload = ByteBuffer.allocate(5 + payload.length).putInt(dependency).put((byte) random.nextInt(256))
          .put(payload).array();
      flags |= FrameFlags.PRIORITY;
      contentFrom = 5;
    }
    if (random.nextInt(7) == 0) {
      payload = padded(payload, random.nextInt(20));
      flags |= FrameFlags.PADDED;
      contentFrom += 1;
    }
    WireFrame h = new WireFrame(FrameType.HEADERS, flags, id, payload, id);
    h.contentFrom = contentFrom;
    h.contentTo = contentFrom + first.length;
    unit.add(h);
    if (rest != null) {
      WireFrame c = new WireFrame(FrameType.CONTINUATION, FrameFlags.END_HEADERS, id, rest, id);
      c.contentTo = rest.length;
      unit.add(c);
    }
    return unit;
  }

  private WireFrame data(int id, byte[] content, boolean endStream) {
    int flags = endStream ? FrameFlags.END_STREAM : 0;
    byte[] payload = content;
    int contentFrom = 0;
    if (random.nextInt(7) == 0) {
      payload = padded(content, random.nextInt(30));
      flags |= FrameFlags.PADDED;
      contentFrom = 1;
    }
    WireFrame d = new WireFrame(FrameType.DATA, flags, id, payload, id);
    d.contentFrom = contentFrom;
    d.contentTo = contentFrom + content.length;
    return d;
  }

  /** The pad length octet, {@code content}, then {@code pad} zero octets (RFC 9113 §6.1). */
  static byte[] padded(byte[] content, int pad) {
    return ByteBuffer.allocate(1 + content.length + pad).put((byte) pad).put(content).array();
  }

  static byte[] intPayload(int value) {
    return ByteBuffer.allocate(4).putInt(value).array();
  }

  /** Frames any peer may send at any time between the units: none of them is an error. */
  private void addValidExtras() {
    int extras = random.nextInt(3);
    for (int i = 0; i < extras; i++) {
      WireFrame f = switch (random.nextInt(6)) {
        case 0 -> new WireFrame(FrameType.PING, 0, 0, randomBytes(8), 0);
        case 1 -> new WireFrame(FrameType.PING, FrameFlags.ACK, 0, randomBytes(8), 0); // unsolicited: ignored
        case 2 -> new WireFrame(FrameType.WINDOW_UPDATE, 0, 0, intPayload(1 + random.nextInt(65535)), 0);
        case 3 -> new WireFrame(FrameType.PRIORITY, 0, 1 + 2 * random.nextInt(10),
            ByteBuffer.allocate(5).putInt(0).put((byte) 15).array(), 0); // on any stream, idle too (§6.3)
        case 4 -> new WireFrame(0x20 + random.nextInt(0xdf), random.nextInt(256), random.nextInt(10),
            randomBytes(random.nextInt(20)), 0); // unknown type: ignored (§5.5)
        default -> new WireFrame(FrameType.SETTINGS, 0, 0,
            ByteBuffer.allocate(6).putShort((short) Http2Settings.MAX_CONCURRENT_STREAMS).putInt(100).array(), 0);
      };
      insertAtBoundary(f);
    }
  }

  byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** Inserts {@code f} at a random place that is not inside a header block. */
  void insertAtBoundary(WireFrame f) {
    List<Integer> places = new ArrayList<>();
    for (int i = 0; i <= frames.size(); i++) {
      if (i == 0 || !insideBlockAfter(i - 1)) {
        places.add(i);
      }
    }
    frames.add(places.get(random.nextInt(places.size())), f);
  }

  /** Inserts {@code f} somewhere after frame {@code index}, not inside a header block. */
  void insertAfter(int index, WireFrame f) {
    List<Integer> places = new ArrayList<>();
    for (int i = index + 1; i <= frames.size(); i++) {
      if (!insideBlockAfter(i - 1)) {
        places.add(i);
      }
    }
    frames.add(places.isEmpty() ? frames.size() : places.get(random.nextInt(places.size())), f);
  }

  /** Whether a header block is still open after frame {@code index} (CONTINUATION must follow). */
  private boolean insideBlockAfter(int index) {
    WireFrame f = frames.get(index);
    return (f.is(FrameType.HEADERS) || f.is(FrameType.CONTINUATION)) && !f.has(FrameFlags.END_HEADERS);
  }

  /** The request streams as built, lowest first. */
  List<Integer> requestIds() {
    return new ArrayList<>(messages.keySet());
  }

  /** The highest stream id the requests use: ids above it are idle. */
  int lastRequestId() {
    return lastRequestId;
  }

  /** A mutation opened streams up to {@code id}: the ids above it are the idle ones now. */
  void lastRequestIdIs(int id) {
    lastRequestId = id;
  }

  /** Frames of {@code types} (any when empty), from the requests only when {@code requestOnly}. */
  List<WireFrame> framesOf(boolean requestOnly, FrameType... types) {
    List<WireFrame> found = new ArrayList<>();
    for (WireFrame f : frames) {
      if (requestOnly && f.request == 0) {
        continue;
      }
      boolean match = types.length == 0;
      for (FrameType t : types) {
        match |= f.is(t);
      }
      if (match) {
        found.add(f);
      }
    }
    return found;
  }

  <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }
}
