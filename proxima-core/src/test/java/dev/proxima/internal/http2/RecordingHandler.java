package dev.proxima.internal.http2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A {@link FrameHandler} that writes each call down as one line, for comparing event lists. */
class RecordingHandler implements FrameHandler {
  final List<String> events = new ArrayList<>();

  @Override
  public void data(int streamId, boolean endStream, ByteBuffer payload, int flowControlledLength) {
    events.add("DATA " + streamId + " endStream=" + endStream + " '" + text(payload) + "' flow="
        + flowControlledLength);
  }

  @Override
  public void headers(int streamId, boolean endStream, ByteBuffer headerBlock) {
    events.add("HEADERS " + streamId + " endStream=" + endStream + " '" + text(headerBlock) + "'");
  }

  @Override
  public void priority(int streamId, int streamDependency, int weight, boolean exclusive) {
    events.add("PRIORITY " + streamId + " dependency=" + streamDependency + " weight=" + weight
        + " exclusive=" + exclusive);
  }

  @Override
  public void rstStream(int streamId, int errorCode) {
    events.add("RST_STREAM " + streamId + " " + ErrorCode.describe(errorCode));
  }

  @Override
  public void settings(boolean ack, Http2Settings settings) {
    events.add("SETTINGS ack=" + ack + " " + settings);
  }

  @Override
  public void pushPromise(int streamId, int promisedStreamId, ByteBuffer headerBlock) {
    events.add("PUSH_PROMISE " + streamId + " promised=" + promisedStreamId + " '"
        + text(headerBlock) + "'");
  }

  @Override
  public void ping(boolean ack, long payload) {
    events.add("PING ack=" + ack + " " + Long.toHexString(payload));
  }

  @Override
  public void goAway(int lastStreamId, int errorCode, ByteBuffer debugData) {
    events.add("GOAWAY last=" + lastStreamId + " " + ErrorCode.describe(errorCode) + " '" + text(debugData) + "'");
  }

  @Override
  public void windowUpdate(int streamId, int increment) {
    events.add("WINDOW_UPDATE " + streamId + " +" + increment);
  }

  @Override
  public void unknownFrame(int type, int streamId, int flags, int length) {
    events.add("UNKNOWN type=0x" + Integer.toHexString(type) + " " + streamId + " flags=0x"
        + Integer.toHexString(flags) + " length=" + length);
  }

  /** Reads the buffer without consuming it: the reader's contract is position..limit. */
  static String text(ByteBuffer b) {
    byte[] bytes = new byte[b.remaining()];
    b.duplicate().get(bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
