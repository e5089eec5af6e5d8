package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 9113 §6.9: the peer's window, as seen by the sender. */
class SendWindowTest {
  private static final int MAX = Integer.MAX_VALUE;

  @Test
  void startsWithTheInitialWindow() {
    SendWindow w = new SendWindow(65_535);
    assertEquals(65_535, w.available());
    assertEquals(65_535, w.window());
  }

  @Test
  void consumeTakesFromTheWindow() {
    SendWindow w = new SendWindow(100);
    w.consume(60);
    assertEquals(40, w.available());
    w.consume(40);
    assertEquals(0, w.available());
  }

  @Test
  void consumeBeyondAvailableThrows() {
    SendWindow w = new SendWindow(100);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.consume(101));
    assertTrue(e.getMessage().contains("§6.9.1"), e.getMessage());
    assertEquals(100, w.window(), "a refused consume leaves the window alone");
  }

  @Test
  void consumeOfNegativeCountIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new SendWindow(100).consume(-1));
  }

  @Test
  void windowUpdateIncrementsTheWindow() throws Http2Exception {
    SendWindow w = new SendWindow(0);
    w.increment(1, 1000);
    assertEquals(1000, w.available());
  }

  @Test
  void windowUpdateUpToExactlyTwoPow31MinusOneIsAllowed() throws Http2Exception {
    SendWindow w = new SendWindow(65_535);
    w.increment(0, MAX - 65_535);
    assertEquals(MAX, w.available());
  }

  @Test
  void streamWindowOverflowOnWindowUpdateIsStreamFlowControlError() {
    SendWindow w = new SendWindow(65_535);
    Http2Exception e = assertThrows(Http2Exception.class, () -> w.increment(5, MAX));
    assertTrue(e.isStreamError());
    assertEquals(5, e.streamId());
    assertEquals(ErrorCode.FLOW_CONTROL_ERROR, e.code());
    assertEquals(65_535, w.window());
  }

  @Test
  void connectionWindowOverflowOnWindowUpdateIsConnectionFlowControlError() {
    SendWindow w = new SendWindow(65_535);
    Http2Exception e = assertThrows(Http2Exception.class, () -> w.increment(0, MAX - 65_534));
    assertTrue(e.isConnectionError());
    assertEquals(ErrorCode.FLOW_CONTROL_ERROR, e.code());
  }

  @Test
  void zeroIncrementOnStreamIsStreamProtocolError() {
    Http2Exception e =
        assertThrows(Http2Exception.class, () -> new SendWindow(10).increment(7, 0));
    assertTrue(e.isStreamError());
    assertEquals(ErrorCode.PROTOCOL_ERROR, e.code());
  }

  @Test
  void zeroIncrementOnConnectionIsConnectionProtocolError() {
    Http2Exception e =
        assertThrows(Http2Exception.class, () -> new SendWindow(10).increment(0, 0));
    assertTrue(e.isConnectionError());
    assertEquals(ErrorCode.PROTOCOL_ERROR, e.code());
  }

  @Test
  void initialWindowShrinkCanMakeTheWindowNegativeThenWindowUpdatesRecoverIt()
      throws Http2Exception {
    // §6.9.2 example: the peer lowers SETTINGS_INITIAL_WINDOW_SIZE after we sent 60,000 bytes.
    SendWindow w = new SendWindow(65_535);
    w.consume(60_000);
    w.applyInitialWindowDelta(1, 16_384 - 65_535);
    assertEquals(5_535 - 49_151, w.window());
    assertEquals(0, w.available(), "nothing may be sent while the window is negative");
    assertThrows(IllegalStateException.class, () -> w.consume(1));

    w.increment(1, 40_000);
    assertEquals(-3_616, w.window());
    assertEquals(0, w.available());
    w.increment(1, 4_000);
    assertEquals(384, w.window());
    assertEquals(384, w.available());
    w.consume(384);
    assertEquals(0, w.available());
  }

  @Test
  void initialWindowGrowthAppliesTheDelta() throws Http2Exception {
    SendWindow w = new SendWindow(65_535);
    w.consume(35_535);
    w.applyInitialWindowDelta(3, 1_000_000 - 65_535);
    assertEquals(30_000 + 1_000_000 - 65_535, w.available());
  }

  @Test
  void initialWindowDeltaBeyondTwoPow31MinusOneIsConnectionFlowControlError()
      throws Http2Exception {
    SendWindow w = new SendWindow(65_535);
    w.increment(3, 1_000_000); // window grew by WINDOW_UPDATE, then SETTINGS raises it past max
    Http2Exception e =
        assertThrows(Http2Exception.class, () -> w.applyInitialWindowDelta(3, MAX - 65_535));
    assertTrue(e.isConnectionError(), "§6.9.2 makes this a connection error even for a stream");
    assertEquals(ErrorCode.FLOW_CONTROL_ERROR, e.code());
  }

  @Test
  void initialWindowDeltaDoesNotApplyToTheConnectionWindow() {
    assertThrows(IllegalArgumentException.class,
        () -> new SendWindow(65_535).applyInitialWindowDelta(0, 100));
  }
}
