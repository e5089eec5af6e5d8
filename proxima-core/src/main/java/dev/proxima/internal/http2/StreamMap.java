package dev.proxima.internal.http2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The open streams of one connection, by stream id: an open-addressing table of int keys, so a
 * lookup per frame boxes nothing and a stream costs no map node.
 *
 * <p>An idle connection holds no table at all: the arrays are made with the first stream and
 * kept after (a connection that had one call is likely to have more). Slots follow the id
 * ({@code id >>> 1}, since one side's ids share a parity), so streams opened one after another sit
 * side by side and never collide. A peer that picks ids to collide makes a lookup cost at most one
 * probe per open stream, which our SETTINGS_MAX_CONCURRENT_STREAMS bounds.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class StreamMap {
  private static final int FIRST_CAPACITY = 8;

  /** Stream ids; a slot is used when its {@link #streams} entry is not null. */
  private int[] ids;
  private Http2Stream[] streams;
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Slots in the table: 0 until the first stream (for tests). */
  int capacity() {
    return streams == null ? 0 : streams.length;
  }

  /** The stream with {@code id}, or null. */
  Http2Stream get(int id) {
    if (size == 0) {
      return null;
    }
    int mask = streams.length - 1;
    for (int i = slot(id, mask); streams[i] != null; i = (i + 1) & mask) {
      if (ids[i] == id) {
        return streams[i];
      }
    }
    return null;
  }

  /** Adds {@code stream} under {@code id}, which must not be in the map (ids are never reused). */
  void put(int id, Http2Stream stream) {
    if (streams == null) {
      ids = new int[FIRST_CAPACITY];
      streams = new Http2Stream[FIRST_CAPACITY];
    } else if ((size + 1) * 2 > streams.length) {
      resize(streams.length * 2);
    }
    insert(id, stream);
    size++;
  }

  /** Removes and returns the stream with {@code id}, or returns null if there is none. */
  Http2Stream remove(int id) {
    if (size == 0) {
      return null;
    }
    int mask = streams.length - 1;
    int i = slot(id, mask);
    while (streams[i] != null && ids[i] != id) {
      i = (i + 1) & mask;
    }
    Http2Stream removed = streams[i];
    if (removed == null) {
      return null;
    }
    // Backward-shift deletion: pull later entries of the probe run into the gap, so that every
    // entry stays reachable from its home slot without tombstones.
    int gap = i;
    for (int j = (i + 1) & mask; streams[j] != null; j = (j + 1) & mask) {
      int home = slot(ids[j], mask);
      if (((j - home) & mask) >= ((j - gap) & mask)) {
        ids[gap] = ids[j];
        streams[gap] = streams[j];
        gap = j;
      }
    }
    ids[gap] = 0;
    streams[gap] = null;
    size--;
    return removed;
  }

  /** Removes every stream (the table is kept). */
  void clear() {
    if (size > 0) {
      Arrays.fill(streams, null);
      Arrays.fill(ids, 0);
      size = 0;
    }
  }

  /** The streams in slot order, copied, so the caller may change the map while going through it. */
  List<Http2Stream> snapshot() {
    if (size == 0) {
      return List.of();
    }
    List<Http2Stream> all = new ArrayList<>(size);
    for (Http2Stream s : streams) {
      if (s != null) {
        all.add(s);
      }
    }
    return all;
  }

  private void insert(int id, Http2Stream stream) {
    int mask = streams.length - 1;
    int i = slot(id, mask);
    while (streams[i] != null) {
      i = (i + 1) & mask;
    }
    ids[i] = id;
    streams[i] = stream;
  }

  private void resize(int capacity) {
    int[] oldIds = ids;
    Http2Stream[] oldStreams = streams;
    ids = new int[capacity];
    streams = new Http2Stream[capacity];
    for (int i = 0; i < oldStreams.length; i++) {
      if (oldStreams[i] != null) {
        insert(oldIds[i], oldStreams[i]);
      }
    }
  }

  private static int slot(int id, int mask) {
    return (id >>> 1) & mask;
  }
}
