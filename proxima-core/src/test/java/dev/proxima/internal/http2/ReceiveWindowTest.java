package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 9113 §6.9: our window, as seen by the receiver, and when to send WINDOW_UPDATE. */
class ReceiveWindowTest {
  @Test
  void startsWithTheAdvertisedWindow() {
    ReceiveWindow w = new ReceiveWindow(65_535);
    assertEquals(65_535, w.window());
    assertEquals(65_535, w.targetWindow());
  }

  @Test
  void receivingShrinksTheWindow() throws Http2Exception {
    ReceiveWindow w = new ReceiveWindow(1000);
    w.onReceive(1, 300);
    assertEquals(700, w.window());
  }

  @Test
  void receivingExactlyTheWindowIsAllowed() throws Http2Exception {
    ReceiveWindow w = new ReceiveWindow(1000);
    w.onReceive(1, 1000);
    assertEquals(0, w.window());
  }

  @Test
  void streamReceivingBeyondItsWindowIsStreamFlowControlError() throws Http2Exception {
    ReceiveWindow w = new ReceiveWindow(1000);
    w.onReceive(5, 900);
    Http2Exception e = assertThrows(Http2Exception.class, () -> w.onReceive(5, 101));
    assertTrue(e.isStreamError());
    assertEquals(5, e.streamId());
    assertEquals(ErrorCode.FLOW_CONTROL_ERROR, e.code());
    assertEquals(100, w.window());
  }

  @Test
  void connectionReceivingBeyondItsWindowIsConnectionFlowControlError() {
    ReceiveWindow w = new ReceiveWindow(1000);
    Http2Exception e = assertThrows(Http2Exception.class, () -> w.onReceive(0, 1001));
    assertTrue(e.isConnectionError());
    assertEquals(ErrorCode.FLOW_CONTROL_ERROR, e.code());
  }

  @Test
  void windowUpdatesAreBatchedUntilHalfTheWindowIsConsumed() throws Http2Exception {
    ReceiveWindow w = new ReceiveWindow(1000);
    for (int i = 0; i < 4; i++) {
      w.onReceive(1, 100);
      assertEquals(0, w.onConsumed(100), "no WINDOW_UPDATE per DATA frame");
    }
    assertEquals(600, w.window());
    w.onReceive(1, 100);
    assertEquals(500, w.onConsumed(100), "half the window consumed: announce all of it at once");
    assertEquals(1000, w.window());
    assertEquals(0, w.takePendingIncrement(), "nothing left to announce");
  }

  @Test
  void bytesAreReturnedWhenConsumedNotWhenReceived() throws Http2Exception {
    ReceiveWindow w = new ReceiveWindow(1000);
    w.onReceive(1, 1000);
    assertEquals(0, w.window(), "an application that does not read stops the peer");
    assertEquals(0, w.onConsumed(499));
    assertEquals(501, w.onConsumed(2));
    assertEquals(501, w.window());
  }

  @Test
  void consumingMoreThanReceivedIsAProgrammingError() throws Http2Exception {
    ReceiveWindow w = new ReceiveWindow(1000);
    w.onReceive(1, 10);
    assertThrows(IllegalStateException.class, () -> w.onConsumed(11));
  }

  @Test
  void theWindowNeverExceedsTheTarget() throws Http2Exception {
    ReceiveWindow w = new ReceiveWindow(1000);
    int announced = 0;
    for (int i = 0; i < 100; i++) {
      w.onReceive(1, 70);
      announced += w.onConsumed(70);
      assertTrue(w.window() <= 1000);
    }
    // Everything received was consumed; all but the last unannounced batch went back.
    assertTrue(7000 - announced < 500, "at most half a window unannounced");
  }

  @Test
  void growingTheTargetAnnouncesTheExtraAtTheNextConsume() throws Http2Exception {
    ReceiveWindow w = new ReceiveWindow(65_535);
    w.onReceive(0, 100);
    w.setTargetWindow(1_048_576);
    assertEquals(1_048_576, w.targetWindow());
    assertEquals(1_048_576 - 65_535 + 10, w.onConsumed(10),
        "the growth plus the consumed bytes, without waiting for the threshold");
    assertEquals(1_048_576 - 90, w.window());
    assertEquals(0, w.onConsumed(90), "back to batching");
  }

  @Test
  void growingTheTargetCanBeAnnouncedWithoutConsuming() throws Http2Exception {
    // E.g. the connection window, which only WINDOW_UPDATE can enlarge (§6.9.2).
    ReceiveWindow w = new ReceiveWindow(65_535);
    w.onReceive(0, 1000);
    w.setTargetWindow(200_000);
    assertEquals(200_000 - 65_535, w.takePendingIncrement());
    assertEquals(200_000 - 1000, w.window());
    assertEquals(0, w.takePendingIncrement(), "announced once");
  }

  @Test
  void shrinkingTheTargetOnlyWithholdsFutureUpdates() throws Http2Exception {
    ReceiveWindow w = new ReceiveWindow(1000);
    w.onReceive(1, 800);
    w.setTargetWindow(400);
    assertEquals(200, w.window(), "the peer keeps what it was given");
    assertEquals(0, w.takePendingIncrement());
    // 800 consumed: the first 600 repay the shrink, the rest is announced at half of 400.
    assertEquals(0, w.onConsumed(700));
    assertEquals(200, w.onConsumed(100));
    assertEquals(400, w.window());
    assertEquals(400, w.targetWindow());
  }

  @Test
  void shrinkingAfterGrowingCancelsTheUnannouncedGrowth() throws Http2Exception {
    ReceiveWindow w = new ReceiveWindow(1000);
    w.setTargetWindow(5000);
    w.setTargetWindow(1000);
    assertEquals(0, w.takePendingIncrement());
    assertEquals(1000, w.window());
  }

  @Test
  void targetAtTheMaximumKeepsTheWindowLegal() throws Http2Exception {
    ReceiveWindow w = new ReceiveWindow(65_535);
    w.setTargetWindow(Integer.MAX_VALUE);
    assertEquals(Integer.MAX_VALUE - 65_535, w.takePendingIncrement());
    assertEquals(Integer.MAX_VALUE, w.window());
  }

  @Test
  void ourInitialWindowIncreaseMovesWindowAndTargetWithoutAWindowUpdate() throws Http2Exception {
    // The peer applies the SETTINGS delta itself (§6.9.2): announcing it would count it twice.
    ReceiveWindow w = new ReceiveWindow(65_535);
    w.onReceive(1, 5_535);
    w.applyInitialWindowDelta(1_000_000 - 65_535);
    assertEquals(1_000_000 - 5_535, w.window());
    assertEquals(1_000_000, w.targetWindow());
    assertEquals(0, w.takePendingIncrement());
    assertEquals(0, w.onConsumed(5_535), "still batching, now at half of the new target");
  }

  @Test
  void ourInitialWindowDecreaseCanMakeTheWindowNegativeUntilConsumedBytesAreAnnounced()
      throws Http2Exception {
    ReceiveWindow w = new ReceiveWindow(65_535);
    w.onReceive(1, 60_000);
    w.applyInitialWindowDelta(16_384 - 65_535);
    assertEquals(5_535 - 49_151, w.window());
    Http2Exception e = assertThrows(Http2Exception.class, () -> w.onReceive(1, 1));
    assertEquals(ErrorCode.FLOW_CONTROL_ERROR, e.code());
    assertEquals(60_000, w.onConsumed(60_000), "over half of the new target: announce");
    assertEquals(16_384, w.window());
  }

  @Test
  void initialWindowDeltaOutsideTheLegalRangeIsAProgrammingError() {
    ReceiveWindow w = new ReceiveWindow(65_535);
    assertThrows(IllegalArgumentException.class, () -> w.applyInitialWindowDelta(-65_536));
    assertThrows(IllegalArgumentException.class,
        () -> w.applyInitialWindowDelta(Integer.MAX_VALUE));
  }
}
