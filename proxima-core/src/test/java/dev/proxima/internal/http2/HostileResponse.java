package dev.proxima.internal.http2;

import static dev.proxima.internal.http2.GrpcResponseWire.block;
import static dev.proxima.internal.http2.GrpcResponseWire.data;
import static dev.proxima.internal.http2.GrpcResponseWire.goAway;
import static dev.proxima.internal.http2.GrpcResponseWire.headers;
import static dev.proxima.internal.http2.GrpcResponseWire.message;
import static dev.proxima.internal.http2.GrpcResponseWire.okHeaders;
import static dev.proxima.internal.http2.GrpcResponseWire.okResponse;
import static dev.proxima.internal.http2.GrpcResponseWire.prefixed;
import static dev.proxima.internal.http2.GrpcResponseWire.rstStream;
import static dev.proxima.internal.http2.GrpcResponseWire.settings;
import static dev.proxima.internal.http2.GrpcResponseWire.trailers;
import static dev.proxima.internal.http2.Frames.concat;

import dev.proxima.Status;
import dev.proxima.Status.Code;
import dev.proxima.internal.grpc.StatusMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;

/**
 * What a hostile server answers to one unary call — a valid response broken in one of the ways a
 * real server, proxy or attacker breaks it — and how the gRPC spec says the call must end: its
 * status codes, words its description must use, and whether the connection survives for the next
 * call.
 *
 * <p>The codes are gRPC's own rules, written out here rather than taken from the code under test:
 * PROTOCOL-HTTP2 ("Responses", "Errors"), http-grpc-status-mapping.md, RFC 9113 for which errors
 * end the whole connection, and grpc-java's client where the spec is silent (a malformed response
 * is INTERNAL, a grpc-status that is not a code UNKNOWN, a 200 that is not gRPC UNKNOWN). Where
 * the two differ it says so ({@link #resetToGrpc}).
 */
record HostileResponse(Kind kind, String what, byte[] wire, After after, Set<Code> codes, Fate fate,
    String mustMention, byte[] expectedMessage) {

  /** What the server does with its socket once the octets are out. */
  enum After {
    /** Keeps the connection open. */
    NOTHING,
    /** Closes the socket at once (FIN). */
    CLOSE,
    /** Closes the socket at once with a TCP reset (SO_LINGER 0). */
    ABORT,
    /** Closes the socket once the call has ended: the octets may have left the connection unusable. */
    CLOSE_WHEN_DONE
  }

  /** Where the next call must go. */
  enum Fate {
    /** The same connection: only this stream was broken (RFC 9113 §5.4.2). */
    SAME_CONNECTION,
    /** A new connection: this one ended (a connection error, GOAWAY, or the socket closed). */
    NEW_CONNECTION
  }

  /** The ways to break a response, each with a weight: how often it is picked. */
  enum Kind {
    VALID(5),
    STATUS_WITH_MESSAGE(3),
    TRAILERS_ONLY(3),
    INFORMATIONAL_FIRST(2),
    BIT_FLIPS(14),
    RANDOM_FRAME(8),
    MISSING_STATUS(3),
    MALFORMED_STATUS(3),
    NON_200(5),
    NOT_GRPC_CONTENT_TYPE(3),
    GRPC_STATUS_NOT_A_NUMBER(4),
    GRPC_STATUS_OUT_OF_RANGE(3),
    NO_GRPC_STATUS(3),
    DATA_BEFORE_HEADERS(3),
    DATA_AFTER_TRAILERS(3),
    TRUNCATED_MESSAGE(4),
    COMPRESSED_WITHOUT_ENCODING(3),
    UNSUPPORTED_ENCODING(2),
    OVERSIZED_MESSAGE(2),
    HEADERS_TWICE(2),
    PUSH_PROMISE(3),
    STREAM_ZERO(4),
    BAD_CONNECTION_FRAME(4),
    GOAWAY_BELOW(4),
    GOAWAY_THEN_ANSWER(2),
    RST_STREAM(6),
    UNOPENED_STREAM(4),
    CLOSED_STREAM(2),
    CLOSE_MID_FRAME(5),
    SILENCE(2),
    ODD_METADATA(3);

    final int weight;

    Kind(int weight) {
      this.weight = weight;
    }

    /** The call's deadline: short where the spec's answer is DEADLINE_EXCEEDED or may be. */
    long deadlineMillis() {
      return switch (this) {
        case SILENCE -> 80;
        // A flipped frame length leaves the client waiting for octets that never come.
        case BIT_FLIPS, RANDOM_FRAME -> 300;
        default -> 3000;
      };
    }

    static Kind pick(Random r) {
      int total = Arrays.stream(values()).mapToInt(k -> k.weight).sum();
      int n = r.nextInt(total);
      for (Kind k : values()) {
        n -= k.weight;
        if (n < 0) {
          return k;
        }
      }
      throw new AssertionError();
    }
  }

  private static final Set<Code> ANY = EnumSet.allOf(Code.class);
  private static final byte[] HTML = "<html>no</html>".getBytes(StandardCharsets.US_ASCII);

  /** The response of {@code kind} to the call on {@code streamId}, its choices drawn from {@code r}. */
  static HostileResponse of(Kind kind, Random r, int streamId) {
    byte[] body = new byte[1 + r.nextInt(24)];
    r.nextBytes(body);
    int id = streamId;
    return switch (kind) {
      case VALID -> answer(kind, "a valid response", okResponse(id, body), Code.OK, body);
      case STATUS_WITH_MESSAGE -> {
        Code code = Code.values()[1 + r.nextInt(Code.values().length - 1)];
        String text = pick(r, "no such thing", "100% broken", "caf\u00e9 \u2615 closed", "line\nbreak");
        yield new HostileResponse(kind, "grpc-status " + code.value() + " with grpc-message '" + text + "'",
            concat(okHeaders(id), trailers(id, Integer.toString(code.value()), StatusMessage.encode(text))),
            After.NOTHING, EnumSet.of(code), Fate.SAME_CONNECTION, text, null);
      }
      case TRAILERS_ONLY -> {
        Code code = Code.values()[r.nextInt(Code.values().length)];
        byte[] wire = headers(id, true, ":status", "200", "content-type", "application/grpc",
            "grpc-status", Integer.toString(code.value()), "grpc-message", "trailers only");
        yield answer(kind, "Trailers-Only with grpc-status " + code.value(), wire, code, null);
      }
      case INFORMATIONAL_FIRST -> answer(kind, "a 100 (Continue) before the response",
          concat(headers(id, false, ":status", "100"), okResponse(id, body)), Code.OK, body);
      case BIT_FLIPS -> {
        byte[] wire = okResponse(id, body);
        int flips = 1 + r.nextInt(3);
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < flips; i++) {
          int bit = r.nextInt(wire.length * 8);
          wire[bit / 8] ^= (byte) (1 << (bit % 8));
          where.append(i == 0 ? "" : ", ").append("octet ").append(bit / 8).append(" bit ").append(bit % 8);
        }
        yield new HostileResponse(kind, "a valid response with bits flipped at " + where, wire,
            After.CLOSE_WHEN_DONE, ANY, Fate.NEW_CONNECTION, null, null);
      }
      case RANDOM_FRAME -> {
        int type = r.nextInt(11);
        int flags = r.nextInt(256);
        int on = pickInt(r, 0, id, id + 2, 2, id | 0x80000000);
        byte[] payload = new byte[r.nextInt(24)];
        r.nextBytes(payload);
        yield new HostileResponse(kind, "a frame of type " + type + ", flags 0x" + Integer.toHexString(flags)
            + " on stream " + Integer.toUnsignedString(on) + ", then a valid response",
            concat(Frames.raw(type, flags, on, payload), okResponse(id, body)), After.CLOSE_WHEN_DONE, ANY,
            Fate.NEW_CONNECTION, null, null);
      }
      case MISSING_STATUS -> streamError(kind, "response headers without :status",
          concat(headers(id, false, "content-type", "application/grpc"), data(id, false, message(body)),
              trailers(id, "0", "fine")), Code.INTERNAL, ":status");
      case MALFORMED_STATUS -> {
        String status = pick(r, "abc", "20", "2000", "", "2 0", "-20", "20x");
        yield streamError(kind, ":status '" + status + "'",
            concat(headers(id, false, ":status", status, "content-type", "application/grpc"),
                data(id, false, message(body)), trailers(id, "0", "fine")), Code.INTERNAL, ":status");
      }
      case NON_200 -> {
        int http = pickInt(r, 400, 401, 403, 404, 429, 431, 500, 502, 503, 504, 204, 302, 418);
        Code code = httpToGrpc(http);
        byte[] wire = r.nextBoolean()
            ? concat(headers(id, false, ":status", Integer.toString(http), "content-type", "text/html"),
                data(id, true, HTML))
            : headers(id, true, ":status", Integer.toString(http));
        yield streamError(kind, "HTTP status " + http + " without grpc-status", wire, code, Integer.toString(http));
      }
      case NOT_GRPC_CONTENT_TYPE -> {
        String[] contentType = pick(r, new String[] {"content-type", "text/html"},
            new String[] {"content-type", "application/json"}, new String[] {"content-type", "application/grpcx"},
            new String[0]);
        String[] fields = join(new String[] {":status", "200"}, contentType);
        byte[] wire = concat(headers(id, false, fields), data(id, true, HTML));
        yield streamError(kind, "status 200 with " + (contentType.length == 0 ? "no content-type" : contentType[1]),
            wire, Code.UNKNOWN, "content-type");
      }
      case GRPC_STATUS_NOT_A_NUMBER -> {
        String status = pick(r, "abc", "", "1.0", "+1", "-0", "0x1", "1e1", "99999999999");
        yield streamError(kind, "grpc-status '" + status + "'",
            concat(okHeaders(id), data(id, false, message(body)), trailers(id, status, "fine")), Code.UNKNOWN,
            "grpc-status");
      }
      case GRPC_STATUS_OUT_OF_RANGE -> {
        String status = pick(r, "17", "99", "100", "2147483647");
        byte[] trailers = r.nextBoolean()
            ? headers(id, true, "grpc-status", status)
            : trailers(id, status, "fine");
        yield streamError(kind, "grpc-status " + status, concat(okHeaders(id), trailers), Code.UNKNOWN, status);
      }
      case NO_GRPC_STATUS -> streamError(kind, "trailers without grpc-status",
          concat(okHeaders(id), data(id, false, message(body)), headers(id, true, "grpc-message", "where is it")),
          Code.UNKNOWN, "grpc-status");
      case DATA_BEFORE_HEADERS -> streamError(kind, "a message before the response headers",
          concat(data(id, false, message(body)), okHeaders(id), trailers(id, "0", "fine")), Code.INTERNAL,
          "headers");
      case DATA_AFTER_TRAILERS -> answer(kind, "DATA after the trailers",
          concat(okResponse(id, body), data(id, false, message(body))), Code.OK, body);
      case TRUNCATED_MESSAGE -> {
        int missing = 1 + r.nextInt(100);
        byte[] cut = prefixed(0, body.length + missing, body);
        String how = pick(r, "END_STREAM on the DATA", "trailers with grpc-status 0", "an empty DATA with END_STREAM");
        byte[] end = switch (how) {
          case "END_STREAM on the DATA" -> new byte[0];
          case "trailers with grpc-status 0" -> trailers(id, "0", "fine");
          default -> data(id, true, new byte[0]);
        };
        byte[] wire = concat(okHeaders(id), data(id, end.length == 0, cut), end);
        yield streamError(kind, "Message-Length " + missing + " octets more than sent, then " + how, wire,
            Code.INTERNAL, null);
      }
      case COMPRESSED_WITHOUT_ENCODING -> {
        boolean identity = r.nextBoolean();
        byte[] headers = identity
            ? headers(id, false, ":status", "200", "content-type", "application/grpc", "grpc-encoding", "identity")
            : okHeaders(id);
        yield streamError(kind,
            "Compressed-Flag 1 " + (identity ? "with grpc-encoding identity" : "without grpc-encoding"),
            concat(headers, data(id, false, prefixed(1, body.length, body)), trailers(id, "0", "fine")),
            Code.INTERNAL, null);
      }
      case UNSUPPORTED_ENCODING -> {
        String encoding = pick(r, "snappy", "gzip");
        yield streamError(kind, "grpc-encoding " + encoding + " with a message that is not " + encoding,
            concat(headers(id, false, ":status", "200", "content-type", "application/grpc", "grpc-encoding", encoding),
                data(id, false, prefixed(1, body.length, body)), trailers(id, "0", "fine")),
            Code.INTERNAL, null);
      }
      case OVERSIZED_MESSAGE -> {
        int length = pickInt(r, (4 << 20) + 1, Integer.MAX_VALUE, -1);
        yield streamError(kind, "Message-Length " + Integer.toUnsignedString(length),
            concat(okHeaders(id), data(id, false, prefixed(0, length, body)), trailers(id, "0", "fine")),
            Code.RESOURCE_EXHAUSTED, null);
      }
      case HEADERS_TWICE -> streamError(kind, "a second header block without END_STREAM",
          concat(okHeaders(id), okHeaders(id), data(id, false, message(body)), trailers(id, "0", "fine")),
          Code.INTERNAL, null);
      case PUSH_PROMISE -> connectionError(kind, "PUSH_PROMISE on the call's stream",
          concat(okHeaders(id), GrpcResponseWire.pushPromise(id, 2), data(id, false, message(body)),
              trailers(id, "0", "fine")), Code.INTERNAL, "PUSH_PROMISE");
      case STREAM_ZERO -> {
        int type = pickInt(r, FrameType.DATA.code(), FrameType.HEADERS.code(), FrameType.RST_STREAM.code(),
            FrameType.PRIORITY.code(), FrameType.CONTINUATION.code(), FrameType.PUSH_PROMISE.code());
        byte[] payload = switch (FrameType.of(type)) {
          case DATA -> message(body);
          case HEADERS, CONTINUATION -> block(":status", "200");
          case RST_STREAM -> new byte[] {0, 0, 0, 8};
          case PRIORITY -> new byte[] {0, 0, 0, 1, 16};
          default -> ByteBuffer.allocate(4 + body.length).putInt(2).put(body).array();
        };
        byte[] frame = Frames.raw(type, type == FrameType.DATA.code() ? 0 : FrameFlags.END_HEADERS, 0, payload);
        yield connectionError(kind, FrameType.of(type) + " on stream 0", concat(frame, okResponse(id, body)),
            Code.INTERNAL, "stream 0");
      }
      case BAD_CONNECTION_FRAME -> {
        String what = pick(r, "PING of 7 octets", "SETTINGS ACK with a payload", "SETTINGS of 5 octets",
            "SETTINGS_ENABLE_PUSH 1", "SETTINGS_INITIAL_WINDOW_SIZE 2^31", "SETTINGS_MAX_FRAME_SIZE 100",
            "WINDOW_UPDATE of 0 on stream 0", "WINDOW_UPDATE past 2^31-1 on stream 0", "a frame over 16384 octets",
            "GOAWAY on stream 1");
        byte[] frame = switch (what) {
          case "PING of 7 octets" -> Frames.raw(FrameType.PING.code(), 0, 0, new byte[7]);
          case "SETTINGS ACK with a payload" -> Frames.raw(FrameType.SETTINGS.code(), FrameFlags.ACK, 0, new byte[6]);
          case "SETTINGS of 5 octets" -> Frames.raw(FrameType.SETTINGS.code(), 0, 0, new byte[5]);
          case "SETTINGS_ENABLE_PUSH 1" -> settings(Http2Settings.ENABLE_PUSH, 1);
          case "SETTINGS_INITIAL_WINDOW_SIZE 2^31" -> settings(Http2Settings.INITIAL_WINDOW_SIZE, 1L << 31);
          case "SETTINGS_MAX_FRAME_SIZE 100" -> settings(Http2Settings.MAX_FRAME_SIZE, 100);
          case "WINDOW_UPDATE of 0 on stream 0" -> Frames.raw(FrameType.WINDOW_UPDATE.code(), 0, 0, new byte[4]);
          case "WINDOW_UPDATE past 2^31-1 on stream 0" -> Frames.raw(FrameType.WINDOW_UPDATE.code(), 0, 0,
              new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
          case "a frame over 16384 octets" -> data(id, false, new byte[16385]);
          default -> Frames.raw(FrameType.GOAWAY.code(), 0, 1, new byte[8]);
        };
        yield connectionError(kind, what, concat(frame, okResponse(id, body)), Code.INTERNAL, "RFC 9113");
      }
      case GOAWAY_BELOW -> {
        int last = r.nextBoolean() ? 0 : id - 2 < 0 ? 0 : id - 2;
        int code = pickInt(r, ErrorCode.NO_ERROR.code(), ErrorCode.PROTOCOL_ERROR.code(),
            ErrorCode.ENHANCE_YOUR_CALM.code(), 0x99);
        yield new HostileResponse(kind, "GOAWAY last-stream-id " + last + " code 0x" + Integer.toHexString(code),
            goAway(last, code, "going away"), After.NOTHING, EnumSet.of(Code.UNAVAILABLE), Fate.NEW_CONNECTION,
            null, null);
      }
      case GOAWAY_THEN_ANSWER -> new HostileResponse(kind, "GOAWAY naming the call's stream, then the answer",
          concat(goAway(id, ErrorCode.NO_ERROR.code(), ""), okResponse(id, body)), After.NOTHING,
          EnumSet.of(Code.OK), Fate.NEW_CONNECTION, null, body);
      case RST_STREAM -> {
        int code = pickInt(r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 0x1234, -1);
        byte[] before = switch (r.nextInt(3)) {
          case 0 -> new byte[0];
          case 1 -> okHeaders(id);
          default -> concat(okHeaders(id), data(id, false, message(body)));
        };
        yield streamError(kind, "RST_STREAM 0x" + Integer.toHexString(code) + " after " + before.length + " octets",
            concat(before, rstStream(id, code)), resetToGrpc(code), null);
      }
      case UNOPENED_STREAM -> {
        int other = r.nextBoolean() ? id + 2 : 2 * (1 + r.nextInt(4));
        String what = pick(r, "response", "DATA", "RST_STREAM", "WINDOW_UPDATE");
        byte[] frames = switch (what) {
          case "response" -> okResponse(other, body);
          case "DATA" -> data(other, false, message(body));
          case "RST_STREAM" -> rstStream(other, ErrorCode.CANCEL.code());
          default -> Frames.raw(FrameType.WINDOW_UPDATE.code(), 0, other, new byte[] {0, 0, 1, 0});
        };
        yield connectionError(kind, what + " on stream " + other + ", which the client never opened",
            concat(frames, okResponse(id, body)), Code.INTERNAL, "idle stream");
      }
      case CLOSED_STREAM -> {
        if (id < 3) {
          yield of(Kind.VALID, r, id);
        }
        yield answer(kind, "a response on stream " + (id - 2) + ", which is closed, then the answer",
            concat(okResponse(id - 2, body), okResponse(id, body)), Code.OK, body);
      }
      case CLOSE_MID_FRAME -> {
        byte[] whole = okResponse(id, body);
        byte[] cut = Arrays.copyOf(whole, r.nextInt(whole.length));
        After after = r.nextBoolean() ? After.CLOSE : After.ABORT;
        yield new HostileResponse(kind, "the socket " + (after == After.CLOSE ? "closed" : "reset") + " after "
            + cut.length + " of " + whole.length + " octets", cut, after, EnumSet.of(Code.UNAVAILABLE),
            Fate.NEW_CONNECTION, null, null);
      }
      case ODD_METADATA -> {
        String[] field = pick(r, new String[] {"x-bin", "!!not base64!!"}, new String[] {"x-bin", ",,,"},
            new String[] {"grpc-status-details-bin", "%%%"}, new String[] {"x-text", "\u00ff\u0001\u007f"},
            new String[] {"x-empty", ""}, new String[] {"x.dotted_name-1", "fine"});
        boolean inTrailers = r.nextBoolean();
        byte[] headers = inTrailers ? okHeaders(id)
            : headers(id, false, join(new String[] {":status", "200", "content-type", "application/grpc"}, field));
        byte[] trailers = inTrailers ? headers(id, true, join(new String[] {"grpc-status", "0"}, field))
            : trailers(id, "0", "fine");
        yield answer(kind, "'" + field[0] + ": " + field[1] + "' in the " + (inTrailers ? "trailers" : "headers"),
            concat(headers, data(id, false, message(body)), trailers), Code.OK, body);
      }
      case SILENCE -> new HostileResponse(kind, "no answer at all", new byte[0], After.NOTHING,
          EnumSet.of(Code.DEADLINE_EXCEEDED), Fate.SAME_CONNECTION, "deadline", null);
    };
  }

  private static HostileResponse answer(Kind kind, String what, byte[] wire, Code code, byte[] message) {
    return new HostileResponse(kind, what, wire, After.NOTHING, EnumSet.of(code), Fate.SAME_CONNECTION, null,
        message);
  }

  private static HostileResponse streamError(Kind kind, String what, byte[] wire, Code code, String mention) {
    return new HostileResponse(kind, what, wire, After.NOTHING, EnumSet.of(code), Fate.SAME_CONNECTION, mention,
        null);
  }

  private static HostileResponse connectionError(Kind kind, String what, byte[] wire, Code code, String mention) {
    return new HostileResponse(kind, what, wire, After.NOTHING, EnumSet.of(code), Fate.NEW_CONNECTION, mention,
        null);
  }

  /** gRPC's http-grpc-status-mapping.md, for a response without grpc-status. */
  static Code httpToGrpc(int http) {
    return switch (http) {
      case 400, 431 -> Code.INTERNAL;
      case 401 -> Code.UNAUTHENTICATED;
      case 403 -> Code.PERMISSION_DENIED;
      case 404 -> Code.UNIMPLEMENTED;
      case 429, 502, 503, 504 -> Code.UNAVAILABLE;
      default -> Code.UNKNOWN;
    };
  }

  /**
   * A server's RST_STREAM as a status, as PROTOCOL-HTTP2's "Errors" table has it: REFUSED_STREAM
   * was never processed (UNAVAILABLE), CANCEL is CANCELLED, ENHANCE_YOUR_CALM RESOURCE_EXHAUSTED,
   * INADEQUATE_SECURITY PERMISSION_DENIED, the rest INTERNAL — NO_ERROR included, where grpc-java
   * says UNAVAILABLE. Codes the table leaves out (HTTP_1_1_REQUIRED, where grpc-java says UNKNOWN,
   * and unknown ones) are INTERNAL, as RFC 9113 §7 lets an unknown code be INTERNAL_ERROR.
   */
  static Code resetToGrpc(int code) {
    return switch (code) {
      case 0x7 -> Code.UNAVAILABLE;
      case 0x8 -> Code.CANCELLED;
      case 0xb -> Code.RESOURCE_EXHAUSTED;
      case 0xc -> Code.PERMISSION_DENIED;
      default -> Code.INTERNAL;
    };
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... choices) {
    return choices[r.nextInt(choices.length)];
  }

  private static int pickInt(Random r, int... choices) {
    return choices[r.nextInt(choices.length)];
  }

  private static String[] join(String[] a, String[] b) {
    String[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** For a failure report: everything needed to replay this response by hand. */
  String describe() {
    return kind + ": " + what + " (expect " + codes + ", " + fate + ", then " + after + ")\n  wire: "
        + GrpcResponseWire.hex(wire);
  }

  /**
   * Whether the response is so broken that any status may be right (a flipped bit may turn
   * grpc-status 0 into 1 and drop grpc-message): then only that the call ends, cleanly, counts.
   */
  boolean anyStatus() {
    return codes.equals(ANY);
  }

  /** Whether {@code status} is one this response allows. */
  boolean allows(Status status) {
    return codes.contains(status.code());
  }
}
