package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A connection's stream books: id parity and order, idle ids, and the concurrency limits. */
class StreamRegistryTest {
  private static Http2Stream stream(int id) {
    return new Http2Stream(null, id, 65_535, 65_535);
  }

  @Test
  void clientStreamsTakeOddIdsInOrder() {
    StreamRegistry client = new StreamRegistry(true);
    Http2Stream first = stream(0);
    Http2Stream second = stream(0);
    client.openLocal(first);
    client.openLocal(second);
    assertEquals(1, first.id());
    assertEquals(3, second.id());
    assertSame(second, client.get(3));
    assertEquals(2, client.size());
  }

  @Test
  void idleIdsAreAboveEveryIdEitherSideUsed() {
    StreamRegistry server = new StreamRegistry(false);
    assertTrue(server.isIdle(1));
    assertTrue(server.isIdle(2));
    server.remoteStreamSeen(5);
    assertFalse(server.isIdle(3), "RFC 9113 §5.1.1: opening 5 closes the lower idle ids");
    assertTrue(server.isIdle(7));
    assertFalse(server.isNewRemote(5));
    assertTrue(server.isNewRemote(7));
    assertFalse(server.isNewRemote(8), "an even id is the server's to open");
    server.openLocal(stream(0));
    assertFalse(server.isIdle(2));
    assertTrue(server.isIdle(4));
  }

  @Test
  void thePeersLimitBoundsLocalStreamsUntilOneCloses() {
    StreamRegistry client = new StreamRegistry(true);
    client.peerMaxConcurrentStreams(1);
    Http2Stream open = stream(0);
    client.openLocal(open);
    assertFalse(client.hasLocalSlot());
    Http2Stream waiting = stream(0);
    client.waitForSlot(waiting);
    assertTrue(client.hasWaiting());
    assertTrue(client.remove(open));
    assertTrue(client.hasLocalSlot());
    assertSame(waiting, client.pollWaiting());
    assertFalse(client.hasWaiting());
  }

  @Test
  void ourLimitBoundsPeerStreams() {
    StreamRegistry server = new StreamRegistry(false);
    server.remoteStreamSeen(1);
    server.openRemote(stream(1));
    assertFalse(server.hasRemoteSlot(1));
    assertTrue(server.hasRemoteSlot(2));
  }

  @Test
  void onlyAnOpenStreamIsRemoved() {
    StreamRegistry client = new StreamRegistry(true);
    assertFalse(client.remove(stream(0)), "a stream still waiting for its id was never open");
    Http2Stream s = stream(0);
    client.openLocal(s);
    assertTrue(client.remove(s));
    assertFalse(client.remove(s));
    assertNull(client.get(1));
    assertTrue(client.isEmpty());
  }
}
