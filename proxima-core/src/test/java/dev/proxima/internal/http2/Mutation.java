package dev.proxima.internal.http2;

import static dev.proxima.internal.http2.ErrorCode.COMPRESSION_ERROR;
import static dev.proxima.internal.http2.ErrorCode.FLOW_CONTROL_ERROR;
import static dev.proxima.internal.http2.ErrorCode.FRAME_SIZE_ERROR;
import static dev.proxima.internal.http2.ErrorCode.PROTOCOL_ERROR;
import static dev.proxima.internal.http2.ErrorCode.STREAM_CLOSED;
import static dev.proxima.internal.http2.FrameType.CONTINUATION;
import static dev.proxima.internal.http2.FrameType.DATA;
import static dev.proxima.internal.http2.FrameType.HEADERS;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * What a hostile client does to the frames of a {@link HostileScript}. Each applies itself and
 * returns true, or returns false when the script has nothing it could act on.
 *
 * <p>The codes a GOAWAY must carry when a damaged frame demands one (RFC 9113 names them) are the
 * {@link ClientView}'s to work out from the frames as sent; a mutation adds to
 * {@link HostileScript#allowed} only the codes that depend on how the server reads the damage.
 */
enum Mutation {
  /** A flipped bit in a header block: it decodes to other fields, or not at all (RFC 9113 §4.3). */
  FLIP_HEADER_BLOCK_BIT(5) {
    @Override
    boolean apply(HostileScript s, Random r) {
      List<WireFrame> blocks = withContent(s.framesOf(true, HEADERS, CONTINUATION));
      if (blocks.isEmpty()) {
        return false;
      }
      WireFrame f = s.pick(blocks);
      int at = f.contentFrom + r.nextInt(f.contentTo - f.contentFrom);
      int bit = r.nextInt(8);
      f.payload[at] ^= (byte) (1 << bit);
      f.mutated("bit " + bit + " of header block octet " + (at - f.contentFrom) + " flipped");
      f.demands = null; // a flip may mend a block that did not decode
      s.allowed.add(COMPRESSION_ERROR);
      return true;
    }
  },
  /**
   * A header block RFC 7541 cannot decode: index 0, an index past both tables, an integer past
   * 2^31, a string longer than the block, a Huffman string with EOS or bad padding, a table size
   * update above our limit or after a field. A COMPRESSION_ERROR (RFC 9113 §4.3).
   */
  UNDECODABLE_HEADER_BLOCK(3) {
    @Override
    boolean apply(HostileScript s, Random r) {
      List<WireFrame> whole = new ArrayList<>();
      for (WireFrame f : s.framesOf(true, HEADERS)) {
        if (f.has(FrameFlags.END_HEADERS) && !f.has(FrameFlags.PADDED) && !f.has(FrameFlags.PRIORITY)) {
          whole.add(f);
        }
      }
      if (whole.isEmpty()) {
        return false;
      }
      WireFrame f = s.pick(whole);
      String[] names = {"index 0", "index past the tables", "integer past 2^31", "string past the block",
          "Huffman EOS", "Huffman padding not all ones", "table size update above 4096",
          "table size update after a field"};
      byte[][] bad = {
          {(byte) 0x80},
          {(byte) 0xff, (byte) 0xff, 0x7f},
          {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f},
          {0x00, 0x7f, (byte) 0xff, 0x01, 'a', 'b'},
          {0x00, (byte) 0x84, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 'v'},
          {0x00, (byte) 0x81, 0x00, 0x01, 'v'},
          {0x3f, (byte) 0xe2, 0x1f},
          {(byte) 0x82, 0x3f, 0x01},
      };
      int pick = r.nextInt(bad.length);
      // Valid fields first, so the decoder is in the middle of a block when it meets the damage.
      byte[] good = Arrays.copyOf(f.payload, r.nextInt(3) == 0 ? 0 : f.payload.length);
      boolean atStart = pick == 6;
      f.payload = atStart ? concat(bad[pick], good) : concat(good, bad[pick]);
      f.contentTo = f.payload.length;
      f.demands = COMPRESSION_ERROR;
      f.mutated("header block with " + names[pick]);
      return true;
    }
  },
  /**
   * A request whose gRPC headers are odd or wrong: a timeout, an encoding, a content-type, a
   * method or a path gRPC does not know, binary metadata that is not base64, te other than
   * trailers, a field name or value HTTP forbids. An answer or a reset, never a connection error.
   */
  ODD_GRPC_HEADERS(3) {
    @Override
    boolean apply(HostileScript s, Random r) {
      WireFrame h = wholeHeaders(s, s.pick(s.requestIds()));
      if (h == null) {
        return false;
      }
      List<String[]> fields = new ArrayList<>(Arrays.asList(HostileScript.requestFields(h.request)));
      String[] odd = switch (r.nextInt(9)) {
        case 0 -> new String[] {"grpc-timeout", pick(r, "1S", "100m", "99999999H", "0n", "-1S", "1", "abc", "1x", "",
            "123456789S", "9223372036854775807n")};
        case 1 -> new String[] {"grpc-encoding", pick(r, "identity", "deflate", "snappy", "GZIP", "", "gzip, gzip")};
        case 2 -> new String[] {"content-type", pick(r, "application/grpc+proto", "application/grpc+json",
            "application/grpcx", "text/plain", "application/grpc; charset=utf-8", "", "APPLICATION/GRPC")};
        case 3 -> new String[] {":method", pick(r, "GET", "PUT", "post", "CONNECT")};
        case 4 -> new String[] {":path", pick(r, "test.Echo/Unary", "/", "/test.Echo/", "/test.Echo/Missing", "//",
            "/a/b/c", "/test.Echo/Unary?x=1", "*")};
        case 5 -> new String[] {pick(r, "x-bin", "grpc-trace-bin", "x-b-bin"), pick(r, "!!!", "abc", "YWJj===", "Y,W,J",
            "", "YW Jj")};
        case 6 -> new String[] {"te", pick(r, "gzip", "trailers, deflate", "")};
        case 7 -> new String[] {pick(r, "X-Upper", "x y", "x:colon", "connection", "grpc-status", "grpc-message"),
            pick(r, "v", " leading", "trailing ", "a\u0000b", "200")};
        default -> new String[] {pick(r, "grpc-accept-encoding", "user-agent", "x-many"), pick(r, "gzip,,;;",
            "\u00ff\u00fe", "x".repeat(r.nextInt(3000)))};
      };
      fields.removeIf(f -> f[0].equals(odd[0]) && (odd[0].startsWith(":") || odd[0].equals("content-type")
          || odd[0].equals("te")));
      fields.add(odd[0].startsWith(":") ? 0 : fields.size(), odd);
      setBlock(h, HostileScript.block(fields.toArray(String[][]::new)));
      h.mutated("header " + odd[0] + ": '" + odd[1].substring(0, Math.min(30, odd[1].length())) + "'");
      return true;
    }
  },
  /**
   * The message sent gzip-compressed (grpc-encoding gzip, compressed flag 1): validly, as octets
   * gzip cannot read, or as a bomb that inflates past the server's maxInboundMessageSize.
   */
  GZIP_MESSAGE(3) {
    @Override
    boolean apply(HostileScript s, Random r) {
      int id = s.pick(s.requestIds());
      WireFrame h = wholeHeaders(s, id);
      List<WireFrame> data = new ArrayList<>();
      for (WireFrame f : s.frames) {
        if (f.request == id && f.stream() == id && f.is(DATA)) {
          data.add(f);
        }
      }
      if (h == null || data.isEmpty() || s.messages.get(id) == null) {
        return false;
      }
      String[][] fields = Arrays.copyOf(HostileScript.requestFields(id), HostileScript.requestFields(id).length + 1);
      fields[fields.length - 1] = new String[] {"grpc-encoding", "gzip"};
      setBlock(h, HostileScript.block(fields));
      int variant = r.nextInt(3);
      byte[] compressed = switch (variant) {
        case 0 -> gzip(s.messages.get(id));
        case 1 -> s.randomBytes(1 + r.nextInt(40));
        default -> gzip(new byte[(5 << 20) + r.nextInt(1000)]);
      };
      byte[] message = ByteBuffer.allocate(5 + compressed.length).put((byte) 1).putInt(compressed.length)
          .put(compressed).array();
      // The whole message goes in the request's last DATA frame, the ones before it left empty.
      for (int i = 0; i < data.size(); i++) {
        WireFrame d = data.get(i);
        d.payload = i == data.size() - 1 ? message : new byte[0];
        d.flags &= ~FrameFlags.PADDED;
        d.contentFrom = 0;
        d.contentTo = d.payload.length;
        d.mutated(new String[] {"gzip message", "not gzip", "gzip bomb"}[variant]);
      }
      h.mutated("grpc-encoding gzip");
      return true;
    }
  },
  /** A flipped bit in a DATA frame's gRPC message, its prefix included: a gRPC error at most. */
  FLIP_DATA_BIT(3) {
    @Override
    boolean apply(HostileScript s, Random r) {
      List<WireFrame> data = withContent(s.framesOf(true, DATA));
      if (data.isEmpty()) {
        return false;
      }
      WireFrame f = s.pick(data);
      int at = f.contentFrom + r.nextInt(f.contentTo - f.contentFrom);
      int bit = r.nextInt(8);
      f.payload[at] ^= (byte) (1 << bit);
      f.mutated("bit " + bit + " of data octet " + (at - f.contentFrom) + " flipped");
      return true;
    }
  },
  /** The gRPC length prefix says more or less than the message holds, or something absurd. */
  LIE_MESSAGE_LENGTH(3) {
    @Override
    boolean apply(HostileScript s, Random r) {
      WireFrame f = firstMessageFrame(s);
      if (f == null) {
        return false;
      }
      int actual = ByteBuffer.wrap(f.payload).getInt(f.contentFrom + 1);
      int lie = switch (r.nextInt(6)) {
        case 0 -> actual + 1 + r.nextInt(10);
        case 1 -> Math.max(0, actual - 1 - r.nextInt(5));
        case 2 -> Integer.MAX_VALUE;
        case 3 -> -1; // 0xffffffff: a reader with a signed int sees a negative length
        case 4 -> (4 << 20) + 1; // just over the server's maxInboundMessageSize
        default -> r.nextInt();
      };
      ByteBuffer.wrap(f.payload).putInt(f.contentFrom + 1, lie);
      f.mutated("gRPC message length " + Integer.toUnsignedString(lie) + " for " + actual + " octets");
      return true;
    }
  },
  /** The gRPC compressed flag set without grpc-encoding, or a flag value gRPC does not define. */
  BAD_COMPRESSED_FLAG(2) {
    @Override
    boolean apply(HostileScript s, Random r) {
      WireFrame f = firstMessageFrame(s);
      if (f == null) {
        return false;
      }
      int flag = r.nextBoolean() ? 1 : 2 + r.nextInt(254);
      f.payload[f.contentFrom] = (byte) flag;
      f.mutated("gRPC compressed flag " + flag);
      return true;
    }
  },
  /** A frame that needs a stream sent on stream 0 (RFC 9113 §6.1-§6.4, §6.10): PROTOCOL_ERROR. */
  STREAM_ZERO(1) {
    @Override
    boolean apply(HostileScript s, Random r) {
      List<WireFrame> targets = s.framesOf(false, DATA, HEADERS, CONTINUATION, FrameType.RST_STREAM,
          FrameType.PRIORITY);
      if (targets.isEmpty()) {
        return false;
      }
      WireFrame f = s.pick(targets);
      f.streamId = 0;
      f.mutated("moved to stream 0");
      return true;
    }
  },
  /** HEADERS opening an even stream, which only a server may open (RFC 9113 §5.1.1). */
  EVEN_STREAM(1) {
    @Override
    boolean apply(HostileScript s, Random r) {
      WireFrame f = firstHeaders(s, s.pick(s.requestIds()));
      f.streamId = f.stream() + 1;
      f.mutated("moved to even stream " + f.streamId);
      return true;
    }
  },
  /** A later request on the stream of an earlier one: closed, or still open (RFC 9113 §5.1). */
  REUSE_STREAM(3) {
    @Override
    boolean apply(HostileScript s, Random r) {
      List<Integer> ids = s.requestIds();
      if (ids.size() < 2) {
        return false;
      }
      int later = 1 + r.nextInt(ids.size() - 1);
      moveRequest(s, ids.get(later), ids.get(r.nextInt(later)));
      s.allowed.add(STREAM_CLOSED);
      s.allowed.add(PROTOCOL_ERROR);
      return true;
    }
  },
  /** A request on a lower id than one already opened, never used before (RFC 9113 §5.1.1). */
  DECREASE_STREAM(3) {
    @Override
    boolean apply(HostileScript s, Random r) {
      List<Integer> ids = s.requestIds();
      List<int[]> moves = new ArrayList<>();
      for (int j = 1; j < ids.size(); j++) {
        for (int x = 1; x < ids.get(j - 1); x += 2) {
          if (!ids.contains(x)) {
            moves.add(new int[] {ids.get(j), x});
          }
        }
      }
      if (moves.isEmpty()) {
        return false;
      }
      int[] move = s.pick(moves);
      moveRequest(s, move[0], move[1]);
      s.allowed.add(STREAM_CLOSED);
      s.allowed.add(PROTOCOL_ERROR);
      return true;
    }
  },
  /** WINDOW_UPDATE with increment 0 (RFC 9113 §6.9) on the connection, a request, or an idle stream. */
  WINDOW_UPDATE_ZERO(1) {
    @Override
    boolean apply(HostileScript s, Random r) {
      insertOnSomeStream(s, r, FrameType.WINDOW_UPDATE.code(), 0, HostileScript.intPayload(0), true,
          "increment 0");
      s.allowed.add(PROTOCOL_ERROR);
      return true;
    }
  },
  /** WINDOW_UPDATE taking a window beyond 2^31-1 (RFC 9113 §6.9.1). */
  WINDOW_UPDATE_OVERFLOW(1) {
    @Override
    boolean apply(HostileScript s, Random r) {
      insertOnSomeStream(s, r, FrameType.WINDOW_UPDATE.code(), 0,
          HostileScript.intPayload(Integer.MAX_VALUE - r.nextInt(1000)), false, "increment near 2^31-1");
      s.allowed.add(FLOW_CONTROL_ERROR);
      return true;
    }
  },
  /** SETTINGS with a value or a shape RFC 9113 §6.5 forbids. */
  BAD_SETTINGS(1) {
    @Override
    boolean apply(HostileScript s, Random r) {
      int variant = r.nextInt(6);
      ByteBuffer p = ByteBuffer.allocate(6);
      int flags = 0;
      int stream = 0;
      String what;
      switch (variant) {
        case 0 -> {
          int v = 2 + r.nextInt(1000);
          p.putShort((short) Http2Settings.ENABLE_PUSH).putInt(v);
          what = "ENABLE_PUSH " + v;
        }
        case 1 -> {
          long v = (1L << 31) + r.nextInt(1000);
          p.putShort((short) Http2Settings.INITIAL_WINDOW_SIZE).putInt((int) v);
          what = "INITIAL_WINDOW_SIZE " + v;
        }
        case 2 -> {
          int v = r.nextBoolean() ? r.nextInt(16384) : (1 << 24) + r.nextInt(1000);
          p.putShort((short) Http2Settings.MAX_FRAME_SIZE).putInt(v);
          what = "MAX_FRAME_SIZE " + v;
        }
        case 3 -> {
          p = ByteBuffer.allocate(1 + r.nextInt(11) / 6 * 6 + r.nextInt(5));
          what = "length " + p.capacity() + ", not a multiple of 6";
        }
        case 4 -> {
          p.putShort((short) Http2Settings.MAX_CONCURRENT_STREAMS).putInt(100);
          stream = 1 + r.nextInt(10);
          what = "on stream " + stream;
        }
        default -> {
          p.putShort((short) Http2Settings.MAX_CONCURRENT_STREAMS).putInt(100);
          flags = FrameFlags.ACK;
          what = "ACK with a payload";
        }
      }
      WireFrame f = new WireFrame(FrameType.SETTINGS, flags, stream, p.array(), 0);
      f.mutated("SETTINGS " + what);
      s.insertAtBoundary(f);
      return true;
    }
  },
  /** RST_STREAM on a stream no one opened (RFC 9113 §6.4): PROTOCOL_ERROR. */
  RST_ON_IDLE(1) {
    @Override
    boolean apply(HostileScript s, Random r) {
      int id = r.nextBoolean() ? s.lastRequestId() + 2 + 2 * r.nextInt(5) : 2 * (1 + r.nextInt(5));
      WireFrame f = new WireFrame(FrameType.RST_STREAM, 0, id, HostileScript.intPayload(ErrorCode.CANCEL.code()), 0);
      f.mutated("RST_STREAM on idle stream " + id);
      s.insertAtBoundary(f);
      return true;
    }
  },
  /** DATA after the request's END_STREAM (RFC 9113 §5.1 half-closed (remote)): STREAM_CLOSED. */
  DATA_AFTER_END_STREAM(2) {
    @Override
    boolean apply(HostileScript s, Random r) {
      List<Integer> ends = new ArrayList<>();
      for (int i = 0; i < s.frames.size(); i++) {
        WireFrame f = s.frames.get(i);
        if (f.request != 0 && (f.is(DATA) || f.is(HEADERS)) && f.has(FrameFlags.END_STREAM)) {
          ends.add(i);
        }
      }
      if (ends.isEmpty()) {
        return false;
      }
      int at = s.pick(ends);
      WireFrame end = s.frames.get(at);
      WireFrame f = new WireFrame(DATA, r.nextBoolean() ? FrameFlags.END_STREAM : 0, end.streamId,
          s.randomBytes(r.nextInt(11)), end.request);
      f.mutated("DATA after END_STREAM");
      s.insertAfter(at, f);
      s.allowed.add(STREAM_CLOSED);
      return true;
    }
  },
  /** The frames cut off at a random octet, then our side of the socket closed. */
  TRUNCATE_AND_CLOSE(2) {
    @Override
    boolean apply(HostileScript s, Random r) {
      int length = s.bytes().length;
      s.cutAt = r.nextInt(Math.max(1, length));
      s.closeAfterSending = true;
      return true;
    }
  },
  /** A frame of fixed length with another (RFC 9113 §6.3-§6.9): FRAME_SIZE_ERROR. */
  WRONG_FIXED_LENGTH(1) {
    @Override
    boolean apply(HostileScript s, Random r) {
      int id = s.pick(s.requestIds());
      WireFrame f = switch (r.nextInt(5)) {
        case 0 -> new WireFrame(FrameType.PING, 0, 0, s.randomBytes(otherThan(r, 8)), 0);
        case 1 -> new WireFrame(FrameType.RST_STREAM, 0, id, s.randomBytes(otherThan(r, 4)), id);
        case 2 -> new WireFrame(FrameType.WINDOW_UPDATE, 0, r.nextBoolean() ? 0 : id,
            lengthOf(otherThan(r, 4), 0x0000_0100), id);
        case 3 -> new WireFrame(FrameType.PRIORITY, 0, r.nextBoolean() ? id : s.lastRequestId() + 2,
            new byte[otherThan(r, 5)], id);
        default -> new WireFrame(FrameType.GOAWAY, 0, 0, s.randomBytes(r.nextInt(8)), 0);
      };
      f.mutated("length " + f.payload.length);
      if (f.is(FrameType.RST_STREAM) || f.is(FrameType.WINDOW_UPDATE) || f.is(FrameType.PRIORITY)) {
        s.insertAfter(s.frames.indexOf(firstHeaders(s, id)), f);
      } else {
        s.insertAtBoundary(f);
      }
      s.allowed.add(FRAME_SIZE_ERROR);
      return true;
    }
  },
  /** A length field that lies: past SETTINGS_MAX_FRAME_SIZE, or out of step with the octets. */
  LENGTH_LIE(2) {
    @Override
    boolean apply(HostileScript s, Random r) {
      WireFrame f = s.pick(s.frames);
      int variant = r.nextInt(3);
      if (variant == 0) {
        f.lengthField = Http2Settings.DEFAULT_MAX_FRAME_SIZE + 1 + r.nextInt(Http2Settings.MAX_MAX_FRAME_SIZE - 16384);
      } else if (variant == 1 || f.payload.length == 0) {
        f.lengthField = f.payload.length + 1 + r.nextInt(50);
      } else {
        f.lengthField = r.nextInt(f.payload.length);
      }
      f.mutated("length field " + f.lengthField + " for " + f.payload.length + " octets");
      // Out of step, the server may wait for octets that never come: our side closes instead.
      s.closeAfterSending = true;
      s.allowed.addAll(List.of(PROTOCOL_ERROR, FRAME_SIZE_ERROR, COMPRESSION_ERROR, FLOW_CONTROL_ERROR, STREAM_CLOSED));
      return true;
    }
  },
  /** A defined flag flipped: END_STREAM, END_HEADERS, PADDED, PRIORITY, ACK change the meaning. */
  FLIP_FLAG(3) {
    @Override
    boolean apply(HostileScript s, Random r) {
      WireFrame f = s.pick(s.frames);
      int flag = new int[] {0x1, 0x4, 0x8, 0x20}[r.nextInt(4)];
      f.flags ^= flag;
      f.mutated("flag 0x" + Integer.toHexString(flag) + " flipped");
      s.allowed.addAll(List.of(PROTOCOL_ERROR, FRAME_SIZE_ERROR, COMPRESSION_ERROR, STREAM_CLOSED));
      return true;
    }
  },
  /** CONTINUATION with no header block in progress (RFC 9113 §6.10): PROTOCOL_ERROR. */
  CONTINUATION_ALONE(1) {
    @Override
    boolean apply(HostileScript s, Random r) {
      int id = r.nextBoolean() ? s.pick(s.requestIds()) : 1 + 2 * r.nextInt(10);
      WireFrame f = new WireFrame(CONTINUATION, FrameFlags.END_HEADERS, id,
          HostileScript.block(new String[][] {{"x-lone", "continuation"}}), 0);
      f.mutated("CONTINUATION without HEADERS");
      s.insertAtBoundary(f);
      return true;
    }
  },
  /** HEADERS without END_HEADERS and no CONTINUATION after it (RFC 9113 §6.2, §6.10). */
  DROP_END_HEADERS(1) {
    @Override
    boolean apply(HostileScript s, Random r) {
      List<WireFrame> whole = new ArrayList<>();
      for (WireFrame f : s.framesOf(false, HEADERS)) {
        if (f.has(FrameFlags.END_HEADERS)) {
          whole.add(f);
        }
      }
      if (whole.isEmpty()) {
        return false;
      }
      WireFrame f = s.pick(whole);
      f.flags &= ~FrameFlags.END_HEADERS;
      f.mutated("END_HEADERS dropped");
      return true;
    }
  },
  /** An unknown frame between HEADERS and its CONTINUATION (RFC 9113 §6.10): PROTOCOL_ERROR. */
  UNKNOWN_INSIDE_HEADER_BLOCK(1) {
    @Override
    boolean apply(HostileScript s, Random r) {
      for (int i = 0; i < s.frames.size(); i++) {
        WireFrame f = s.frames.get(i);
        if (f.is(HEADERS) && !f.has(FrameFlags.END_HEADERS)) {
          WireFrame unknown = new WireFrame(0x20 + r.nextInt(0xdf), 0, f.streamId, s.randomBytes(4), 0);
          unknown.mutated("unknown frame inside a header block");
          s.frames.add(i + 1, unknown);
          return true;
        }
      }
      return false;
    }
  },
  /** PUSH_PROMISE from a client (RFC 9113 §8.4): PROTOCOL_ERROR. */
  PUSH_PROMISE_FROM_CLIENT(1) {
    @Override
    boolean apply(HostileScript s, Random r) {
      int id = s.pick(s.requestIds());
      byte[] block = HostileScript.block(new String[][] {{":method", "GET"}, {":path", "/"}});
      WireFrame f = new WireFrame(FrameType.PUSH_PROMISE, FrameFlags.END_HEADERS, id,
          ByteBuffer.allocate(4 + block.length).putInt(2).put(block).array(), id);
      f.mutated("PUSH_PROMISE from the client");
      s.insertAfter(s.frames.indexOf(firstHeaders(s, id)), f);
      return true;
    }
  },
  /** PRIORITY making a stream depend on itself (RFC 9113 §5.3.1): a stream error PROTOCOL_ERROR. */
  SELF_DEPENDENT_PRIORITY(2) {
    @Override
    boolean apply(HostileScript s, Random r) {
      boolean idle = r.nextBoolean();
      int id = idle ? s.lastRequestId() + 2 * (1 + r.nextInt(5)) : s.pick(s.requestIds());
      WireFrame f = new WireFrame(FrameType.PRIORITY, 0, id,
          ByteBuffer.allocate(5).putInt(id).put((byte) 15).array(), idle ? 0 : id);
      f.mutated("PRIORITY on stream " + id + " depending on itself");
      if (idle) {
        s.insertAtBoundary(f);
      } else {
        s.insertAfter(s.frames.indexOf(firstHeaders(s, id)), f);
      }
      s.allowed.add(PROTOCOL_ERROR);
      return true;
    }
  },
  /** A header list over the server's SETTINGS_MAX_HEADER_LIST_SIZE (RFC 9113 §10.5.1): 431. */
  HEADER_LIST_TOO_LARGE(2) {
    @Override
    boolean apply(HostileScript s, Random r) {
      WireFrame h = firstHeaders(s, s.pick(s.requestIds()));
      if (!h.has(FrameFlags.END_HEADERS) || h.has(FrameFlags.PADDED) || h.has(FrameFlags.PRIORITY)) {
        return false;
      }
      String[][] fields = {{":method", "POST"}, {":scheme", "http"}, {":path", HostileScript.PATH},
          {":authority", "localhost"}, {"content-type", "application/grpc"}, {"te", "trailers"},
          {"x-big", "b".repeat(17_000 + r.nextInt(3000))}};
      byte[] block = HostileScript.block(fields);
      int split = 8000 + r.nextInt(8000);
      h.payload = Arrays.copyOf(block, split);
      h.demands = null;
      h.contentTo = split;
      h.flags &= ~FrameFlags.END_HEADERS;
      h.mutated("header list of " + block.length + " octets");
      WireFrame c = new WireFrame(CONTINUATION, FrameFlags.END_HEADERS, h.streamId,
          Arrays.copyOfRange(block, split, block.length), h.request);
      c.mutated("the rest of the large header list");
      s.frames.add(s.frames.indexOf(h) + 1, c);
      return true;
    }
  },
  /**
   * More streams opened than the server's SETTINGS_MAX_CONCURRENT_STREAMS (1024) and left open:
   * the ones over the limit are refused with REFUSED_STREAM (RFC 9113 §5.1.2), the others stay.
   */
  MANY_STREAMS(1) {
    @Override
    boolean apply(HostileScript s, Random r) {
      int id = s.lastRequestId();
      for (int i = 0; i < 1030; i++) {
        id += 2;
        WireFrame h = new WireFrame(HEADERS, FrameFlags.END_HEADERS, id,
            HostileScript.block(HostileScript.requestFields(id)), 0);
        h.note = "one of 1030 streams opened at once";
        s.frames.add(h);
      }
      s.lastRequestIdIs(id);
      return true;
    }
  },
  /**
   * A header block spread over many CONTINUATION frames, most of them empty: past 256 the server
   * stops it as a flood (ENHANCE_YOUR_CALM, RFC 9113 §10.5), below it is a valid block.
   */
  MANY_CONTINUATIONS(1) {
    @Override
    boolean apply(HostileScript s, Random r) {
      WireFrame h = wholeHeaders(s, s.pick(s.requestIds()));
      if (h == null || h.has(FrameFlags.PADDED) || h.has(FrameFlags.PRIORITY)) {
        return false;
      }
      int continuations = 1 + r.nextInt(300);
      byte[] block = h.payload;
      int[] cuts = new int[continuations + 1];
      for (int i = 1; i < continuations; i++) {
        cuts[i] = r.nextInt(block.length + 1);
      }
      cuts[continuations] = block.length;
      Arrays.sort(cuts);
      h.payload = Arrays.copyOf(block, cuts[1]);
      h.contentTo = cuts[1];
      h.flags &= ~FrameFlags.END_HEADERS;
      h.note = "its block over " + continuations + " CONTINUATION frames";
      int at = s.frames.indexOf(h);
      for (int i = 1; i <= continuations; i++) {
        WireFrame c = new WireFrame(CONTINUATION, i == continuations ? FrameFlags.END_HEADERS : 0, h.streamId,
            Arrays.copyOfRange(block, cuts[i], i == continuations ? block.length : cuts[i + 1]), h.request);
        s.frames.add(at + i, c);
      }
      if (continuations > FrameReader.MAX_BLOCK_FRAGMENTS) {
        h.mutated("a header block in more than " + FrameReader.MAX_BLOCK_FRAGMENTS + " CONTINUATION frames");
        s.allowed.add(ErrorCode.ENHANCE_YOUR_CALM);
      }
      return true;
    }
  },
  /** Our GOAWAY, last of all: the server finishes what it has, then may close (RFC 9113 §6.8). */
  CLIENT_GOAWAY(2) {
    @Override
    boolean apply(HostileScript s, Random r) {
      if (s.clientGoAway != null) {
        return false;
      }
      WireFrame f = new WireFrame(FrameType.GOAWAY, 0, 0,
          ByteBuffer.allocate(11).putInt(0).putInt(0).put(new byte[] {'b', 'y', 'e'}).array(), 0);
      f.note = "the client's GOAWAY";
      s.frames.add(f);
      s.clientGoAway = f; // kept last, after what later mutations add
      return true;
    }
  },
  /** DATA on a stream no one opened (RFC 9113 §5.1 idle): PROTOCOL_ERROR. */
  DATA_ON_IDLE(1) {
    @Override
    boolean apply(HostileScript s, Random r) {
      int id = s.lastRequestId() + 2 * (1 + r.nextInt(5));
      WireFrame f = new WireFrame(DATA, FrameFlags.END_STREAM, id, new byte[] {0, 0, 0, 0, 0}, 0);
      f.mutated("DATA on idle stream " + id);
      s.insertAtBoundary(f);
      return true;
    }
  },
  /** Padding as long as the payload or longer (RFC 9113 §6.1, §6.2): PROTOCOL_ERROR. */
  PADDING_TOO_LONG(1) {
    @Override
    boolean apply(HostileScript s, Random r) {
      List<WireFrame> targets = new ArrayList<>();
      for (WireFrame f : s.framesOf(true, DATA, HEADERS)) {
        if (!f.has(FrameFlags.PRIORITY) && f.contentTo - f.contentFrom < 200) {
          targets.add(f);
        }
      }
      if (targets.isEmpty()) {
        return false;
      }
      WireFrame f = s.pick(targets);
      byte[] content = Arrays.copyOfRange(f.payload, f.contentFrom, f.contentTo);
      int pad = content.length + 1 + r.nextInt(255 - content.length);
      f.payload = ByteBuffer.allocate(1 + content.length).put((byte) pad).put(content).array();
      f.contentFrom = 1;
      f.contentTo = 1 + content.length;
      f.flags |= FrameFlags.PADDED;
      f.mutated("pad length " + pad + " for " + content.length + " octets of content");
      return true;
    }
  },
  /**
   * Bits a receiver must ignore: the reserved bit of a stream id or of a window increment, flags
   * a frame type does not define (RFC 9113 §4.1, §6.9). The frame means what it meant.
   */
  IGNORED_BITS(2) {
    @Override
    boolean apply(HostileScript s, Random r) {
      WireFrame f = s.pick(s.frames);
      int undefined = undefinedFlags(f.type);
      if (f.is(FrameType.WINDOW_UPDATE) && f.payload.length == 4 && r.nextBoolean()) {
        f.payload[0] |= (byte) 0x80;
        f.note = "reserved bit of the increment set";
      } else if (undefined != 0 && r.nextBoolean()) {
        f.flags |= undefined & (1 + r.nextInt(255));
        f.note = "undefined flags set";
      } else {
        f.streamId |= 0x8000_0000;
        f.note = "reserved bit of the stream id set";
      }
      return true;
    }
  };

  /** How often a script draws it, against the others: the ones with more to find draw more. */
  final int weight;

  Mutation(int weight) {
    this.weight = weight;
  }

  abstract boolean apply(HostileScript s, Random r);

  /** A mutation drawn by weight. */
  static Mutation draw(Random r) {
    int total = 0;
    for (Mutation m : values()) {
      total += m.weight;
    }
    int at = r.nextInt(total);
    for (Mutation m : values()) {
      at -= m.weight;
      if (at < 0) {
        return m;
      }
    }
    throw new AssertionError();
  }

  private static String pick(Random r, String... choices) {
    return choices[r.nextInt(choices.length)];
  }

  /** The HEADERS of request {@code id} when it holds the whole block (no CONTINUATION), else null. */
  private static WireFrame wholeHeaders(HostileScript s, int id) {
    WireFrame h = firstHeaders(s, id);
    return h.has(FrameFlags.END_HEADERS) && h.stream() == id ? h : null;
  }

  /** Makes {@code block} the whole payload of HEADERS frame {@code h}: no padding, no priority. */
  private static void setBlock(WireFrame h, byte[] block) {
    h.payload = block;
    h.demands = null;
    h.flags &= ~(FrameFlags.PADDED | FrameFlags.PRIORITY);
    h.contentFrom = 0;
    h.contentTo = block.length;
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
  }

  private static List<WireFrame> withContent(List<WireFrame> frames) {
    List<WireFrame> found = new ArrayList<>();
    for (WireFrame f : frames) {
      if (f.contentTo > f.contentFrom) {
        found.add(f);
      }
    }
    return found;
  }

  /** The first DATA frame of some request that holds the whole 5-octet message prefix, or null. */
  private static WireFrame firstMessageFrame(HostileScript s) {
    List<WireFrame> found = new ArrayList<>();
    for (int id : s.requestIds()) {
      for (WireFrame f : s.frames) {
        if (f.request == id && f.is(DATA)) {
          if (f.contentTo - f.contentFrom >= 5) {
            found.add(f);
          }
          break;
        }
      }
    }
    return found.isEmpty() ? null : s.pick(found);
  }

  /** The HEADERS frame that opens request {@code id}. */
  private static WireFrame firstHeaders(HostileScript s, int id) {
    for (WireFrame f : s.frames) {
      if (f.request == id && f.is(HEADERS)) {
        return f;
      }
    }
    throw new AssertionError("request " + id + " has no HEADERS");
  }

  /** Moves every frame of request {@code from} to stream {@code to}. */
  private static void moveRequest(HostileScript s, int from, int to) {
    for (WireFrame f : s.frames) {
      if (f.request == from && f.stream() == from) {
        f.streamId = to;
        f.mutated("request of stream " + from + " moved to stream " + to);
      }
    }
  }

  /**
   * Inserts a frame of {@code type} on the connection, a request's stream (after its HEADERS), or
   * (when {@code idleToo}) an idle stream.
   */
  private static void insertOnSomeStream(HostileScript s, Random r, int type, int flags, byte[] payload,
      boolean idleToo, String what) {
    int where = r.nextInt(idleToo ? 3 : 2);
    if (where == 0) {
      WireFrame f = new WireFrame(type, flags, 0, payload, 0);
      f.mutated(what + " on the connection");
      s.insertAtBoundary(f);
    } else if (where == 1) {
      int id = s.pick(s.requestIds());
      WireFrame f = new WireFrame(type, flags, id, payload, id);
      f.mutated(what + " on request stream " + id);
      s.insertAfter(s.frames.indexOf(firstHeaders(s, id)), f);
    } else {
      int id = s.lastRequestId() + 2 * (1 + r.nextInt(5));
      WireFrame f = new WireFrame(type, flags, id, payload, 0);
      f.mutated(what + " on idle stream " + id);
      s.insertAtBoundary(f);
    }
  }

  private static int otherThan(Random r, int length) {
    int n = r.nextInt(2 * length + 2);
    return n == length ? length + 1 : n;
  }

  private static byte[] lengthOf(int n, int value) {
    byte[] b = new byte[n];
    byte[] v = HostileScript.intPayload(value);
    System.arraycopy(v, 0, b, 0, Math.min(4, n));
    return b;
  }

  /** The flags {@code type} does not define (RFC 9113 §6): a receiver ignores them. */
  private static int undefinedFlags(int type) {
    FrameType t = FrameType.of(type);
    if (t == null) {
      return 0; // an unknown type's flags mean nothing to us anyway
    }
    return switch (t) {
      case DATA -> ~(FrameFlags.END_STREAM | FrameFlags.PADDED) & 0xff;
      case HEADERS ->
          ~(FrameFlags.END_STREAM | FrameFlags.END_HEADERS | FrameFlags.PADDED | FrameFlags.PRIORITY) & 0xff;
      case SETTINGS, PING -> ~FrameFlags.ACK & 0xff;
      case CONTINUATION -> ~FrameFlags.END_HEADERS & 0xff;
      case PUSH_PROMISE -> ~(FrameFlags.END_HEADERS | FrameFlags.PADDED) & 0xff;
      default -> 0xff;
    };
  }
}
