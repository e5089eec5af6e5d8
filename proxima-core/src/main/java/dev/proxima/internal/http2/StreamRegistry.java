package dev.proxima.internal.http2;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The streams of one connection and the numbers that govern them: which ids are used, open or
 * still to come (RFC 9113 §5.1.1), how many streams each side has open against the other's
 * SETTINGS_MAX_CONCURRENT_STREAMS (RFC 9113 §5.1.2), the last peer stream a GOAWAY reports as
 * processed (RFC 9113 §6.8), the client streams that wait for a slot under the peer's limit, and
 * the streams this side reset lately, whose late frames are ignored (RFC 9113 §5.1).
 *
 * <p>It keeps the books and answers questions; the connection decides what to send and whom to
 * tell. An idle connection holds no table, no waiting queue and no resets: each is made when first
 * needed.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class StreamRegistry {
  /** 1 when this side is the client (odd stream ids), 0 for the server (even ids). */
  private final int localParity;
  /** Made with the first stream. */
  private StreamMap open;
  /** Client streams waiting for a slot under the peer's SETTINGS_MAX_CONCURRENT_STREAMS. */
  private ArrayDeque<Http2Stream> waitingForSlot;
  /** The streams this side reset lately; made at the first RST_STREAM this side sends. */
  private RecentResets recentResets;
  private long peerMaxConcurrentStreams = Long.MAX_VALUE;
  /** The id the next local stream takes; -1 once ids ran out. */
  private int nextLocalStreamId;
  private int lastRemoteStreamId;
  private int activeLocal;
  private int activeRemote;

  StreamRegistry(boolean client) {
    this.localParity = client ? 1 : 0;
    this.nextLocalStreamId = client ? 1 : 2;
  }

  /** Streams open (or half-closed) now. */
  int size() {
    return open == null ? 0 : open.size();
  }

  boolean isEmpty() {
    return size() == 0;
  }

  /** The open stream with {@code id}, or null. */
  Http2Stream get(int id) {
    return open == null ? null : open.get(id);
  }

  /** The open streams, copied, so the caller may open and close streams while going through them. */
  List<Http2Stream> snapshot() {
    return open == null ? List.of() : open.snapshot();
  }

  /** Forgets every open stream and returns them: the connection is closing. */
  List<Http2Stream> removeAll() {
    List<Http2Stream> all = snapshot();
    if (open != null) {
      open.clear();
    }
    return all;
  }

  /** Whether {@code streamId} is of this side's parity: a stream this side opens. */
  boolean isLocal(int streamId) {
    return (streamId & 1) == localParity;
  }

  /** An id that names no stream yet (RFC 9113 §5.1.1): above every id either side has used. */
  boolean isIdle(int streamId) {
    if (isLocal(streamId)) {
      return nextLocalStreamId < 0 ? false : streamId >= nextLocalStreamId;
    }
    return streamId > lastRemoteStreamId;
  }

  /** Whether the peer's HEADERS on {@code streamId} would open a new stream. */
  boolean isNewRemote(int streamId) {
    return !isLocal(streamId) && streamId > lastRemoteStreamId;
  }

  /** The highest stream id the peer opened: what GOAWAY reports as processed. */
  int lastRemoteStreamId() {
    return lastRemoteStreamId;
  }

  /** False once stream ids ran out at 2^31-1: this connection takes no new local stream. */
  boolean hasLocalIds() {
    return nextLocalStreamId >= 0;
  }

  /** Whether the peer's SETTINGS_MAX_CONCURRENT_STREAMS leaves room for one more local stream. */
  boolean hasLocalSlot() {
    return activeLocal < peerMaxConcurrentStreams;
  }

  void peerMaxConcurrentStreams(long max) {
    peerMaxConcurrentStreams = max;
  }

  /** Gives {@code s} the next local id and counts it open. */
  void openLocal(Http2Stream s) {
    int id = nextLocalStreamId;
    // Stream ids run out at 2^31-1 (RFC 9113 §5.1.1): past it, this connection takes no new stream.
    nextLocalStreamId = id + 2 > 0 ? id + 2 : -1;
    s.assignId(id);
    put(id, s);
    activeLocal++;
  }

  /**
   * Notes that the peer used {@code streamId}, whether or not the stream is then opened: a GOAWAY
   * names it as processed, and a lower id can no longer open a stream.
   */
  void remoteStreamSeen(int streamId) {
    lastRemoteStreamId = streamId;
  }

  /** Whether our SETTINGS_MAX_CONCURRENT_STREAMS, {@code max}, leaves room for one more peer stream. */
  boolean hasRemoteSlot(int max) {
    return activeRemote < max;
  }

  /** Counts {@code s}, a stream the peer opened, open. */
  void openRemote(Http2Stream s) {
    put(s.id(), s);
    activeRemote++;
  }

  /**
   * Forgets {@code s} once closed; returns whether it was open until now (false for one with no id
   * yet, or one already forgotten).
   */
  boolean remove(Http2Stream s) {
    if (s.id() == 0 || open == null || open.remove(s.id()) == null) {
      return false;
    }
    if (isLocal(s.id())) {
      activeLocal--;
    } else {
      activeRemote--;
    }
    return true;
  }

  /** This side sent RST_STREAM on {@code streamId}. */
  void resetSent(int streamId) {
    if (recentResets == null) {
      recentResets = new RecentResets();
    }
    recentResets.add(streamId);
  }

  /**
   * Whether this side sent RST_STREAM on {@code streamId} lately: frames the peer sent before it
   * learned of it are to be ignored (RFC 9113 §5.1), not answered.
   */
  boolean wasResetLately(int streamId) {
    return recentResets != null && recentResets.contains(streamId);
  }

  /** Queues {@code s}, which has no id yet, until a slot under the peer's limit frees. */
  void waitForSlot(Http2Stream s) {
    if (waitingForSlot == null) {
      waitingForSlot = new ArrayDeque<>();
    }
    waitingForSlot.add(s);
  }

  boolean hasWaiting() {
    return waitingForSlot != null && !waitingForSlot.isEmpty();
  }

  /** The stream that has waited longest, taken off the queue; call only when {@link #hasWaiting}. */
  Http2Stream pollWaiting() {
    return waitingForSlot.poll();
  }

  void removeWaiting(Http2Stream s) {
    if (waitingForSlot != null) {
      waitingForSlot.remove(s);
    }
  }

  /** A change of the peer's SETTINGS_INITIAL_WINDOW_SIZE, applied to the waiting streams' windows. */
  void applyInitialWindowDeltaToWaiting(long delta) throws Http2Exception {
    if (waitingForSlot != null) {
      for (Http2Stream s : waitingForSlot) {
        s.sendWindow.applyInitialWindowDelta(0, delta);
      }
    }
  }

  private void put(int id, Http2Stream s) {
    if (open == null) {
      open = new StreamMap();
    }
    open.put(id, s);
  }
}
