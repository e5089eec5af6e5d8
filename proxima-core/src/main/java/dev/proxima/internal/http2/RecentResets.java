package dev.proxima.internal.http2;

/**
 * The ids of the last {@value #CAPACITY} streams this side sent RST_STREAM on. RFC 9113 §5.1
 * ("closed"): the peer may have sent frames on a stream before our RST_STREAM reached it, and an
 * endpoint that sent RST_STREAM "MUST ignore frames that it receives on closed streams" for a
 * while, though it "MAY choose to limit the period".
 *
 * <p>Such frames arrive within about one round trip of our RST_STREAM. {@value #CAPACITY} ids cover
 * every stream a connection resets within that time unless it resets more than that many at
 * once, far more than a connection's calls usually fail together. A stream pushed out of the
 * memory by a burst gets RST_STREAM STREAM_CLOSED again for its late DATA or HEADERS, which the
 * RFC allows and the peer ignores on a stream it knows closed; a peer that provokes resets to push
 * ids out only earns more resets, which the connection's control-frame backlog check bounds. A
 * lookup scans the ring: {@value #CAPACITY} ints, and only for frames on streams that are not open.
 *
 * <p>The registry makes it at the first RST_STREAM this side sends: an idle connection, or one
 * that never reset a stream, holds none.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class RecentResets {
  static final int CAPACITY = 256;

  /** A ring of stream ids; 0, which names no stream, in the slots not used yet. */
  private final int[] ids = new int[CAPACITY];
  /** Where the next id goes, over the oldest once the ring is full. */
  private int next;

  /** This side sent RST_STREAM on {@code streamId}. */
  void add(int streamId) {
    ids[next] = streamId;
    next = (next + 1) % CAPACITY;
  }

  /** Whether {@code streamId} is among the last {@value #CAPACITY} streams this side reset. */
  boolean contains(int streamId) {
    for (int id : ids) {
      if (id == streamId) {
        return true;
      }
    }
    return false;
  }
}
