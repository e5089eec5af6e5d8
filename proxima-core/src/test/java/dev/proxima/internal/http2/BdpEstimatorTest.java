package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Receive-window auto-tuning from PING round trips. Time is passed in, in nanoseconds. */
class BdpEstimatorTest {
  private static final int KIB = 1024;
  private static final int MIB = 1024 * KIB;
  private static final long MS = 1_000_000L;

  @Test
  void firstDataAsksForAPingAndFurtherDataDoesNotWhileItIsInFlight() {
    BdpEstimator bdp = new BdpEstimator(64 * KIB, 16 * MIB);
    assertTrue(bdp.onDataReceived(1000, 0));
    bdp.onPingSent(0);
    assertFalse(bdp.onDataReceived(1000, 1 * MS));
    assertFalse(bdp.onDataReceived(1000, 2 * MS));
  }

  @Test
  void aPingIsAskedForOnlyOnceBeforeItIsSent() {
    BdpEstimator bdp = new BdpEstimator(64 * KIB, 16 * MIB);
    assertTrue(bdp.onDataReceived(1000, 0));
    assertFalse(bdp.onDataReceived(1000, 0));
  }

  @Test
  void saturatedLinkDoublesTheSample() {
    BdpEstimator bdp = new BdpEstimator(64 * KIB, 16 * MIB);
    int sample = measure(bdp, 0, 60 * KIB, 100 * MS);
    assertEquals(120 * KIB, sample, "60 KiB in one RTT > 2/3 of 64 KiB: target 2 x sample");
    assertEquals(120 * KIB, bdp.window());
  }

  @Test
  void unsaturatedLinkDoesNotGrowTheWindow() {
    BdpEstimator bdp = new BdpEstimator(64 * KIB, 16 * MIB);
    assertEquals(0, measure(bdp, 0, 40 * KIB, 100 * MS), "40 KiB < 2/3 of 64 KiB");
    assertEquals(64 * KIB, bdp.window());
  }

  @Test
  void growthIsCappedAtTheMaximum() {
    BdpEstimator bdp = new BdpEstimator(64 * KIB, 16 * MIB);
    long t = 0;
    int last = 0;
    // Bandwidth keeps rising (same RTT, more bytes), as on a fast link opening up.
    for (int round = 0; round < 20 && bdp.window() < 16 * MIB; round++) {
      int grown = measure(bdp, t, bdp.window(), 10 * MS);
      t += 40 * MS; // past the minimum interval between measurements
      if (grown != 0) {
        assertTrue(grown > last, "never shrinks");
        last = grown;
      }
    }
    assertEquals(16 * MIB, bdp.window());
    assertEquals(16 * MIB, last);
    assertFalse(bdp.onDataReceived(1000, t), "no more pings once at the cap");
  }

  @Test
  void noMorePingsOnceAtTheMaximum() {
    BdpEstimator bdp = new BdpEstimator(64 * KIB, 128 * KIB);
    assertEquals(128 * KIB, measure(bdp, 0, 64 * KIB, 10 * MS));
    assertFalse(bdp.onDataReceived(1000, 50 * MS));
  }

  @Test
  void windowNeverShrinks() {
    BdpEstimator bdp = new BdpEstimator(64 * KIB, 16 * MIB);
    assertEquals(128 * KIB, measure(bdp, 0, 64 * KIB, 10 * MS));
    assertEquals(0, measure(bdp, 100 * MS, 1 * KIB, 10 * MS));
    assertEquals(128 * KIB, bdp.window());
  }

  @Test
  void longerRttWithoutMoreBandwidthDoesNotGrowTheWindow() {
    // Buffer bloat: a bigger window fills queues, the RTT grows with the sample, bandwidth not.
    BdpEstimator bdp = new BdpEstimator(64 * KIB, 16 * MIB);
    assertEquals(128 * KIB, measure(bdp, 0, 64 * KIB, 10 * MS));
    assertEquals(0, measure(bdp, 100 * MS, 128 * KIB, 20 * MS), "same bandwidth, twice the RTT");
    assertEquals(128 * KIB, bdp.window());
  }

  @Test
  void bytesAfterTheAckStartANewMeasurement() {
    BdpEstimator bdp = new BdpEstimator(64 * KIB, 16 * MIB);
    measure(bdp, 0, 10 * KIB, 10 * MS);
    assertTrue(bdp.onDataReceived(1000, 10 * MS + 2 * BdpEstimator.MIN_PING_INTERVAL_NANOS));
  }

  @Test
  void measurementsAreSpacedSoAFastLinkDoesNotFloodThePeerWithPings() {
    BdpEstimator bdp = new BdpEstimator(64 * KIB, 16 * MIB);
    assertEquals(128 * KIB, measure(bdp, 0, 64 * KIB, 1 * MS));
    assertFalse(bdp.onDataReceived(1000, 2 * MS), "not one PING per round trip");
    assertTrue(bdp.onDataReceived(1000, 1 * MS + BdpEstimator.MIN_PING_INTERVAL_NANOS));
  }

  @Test
  void measurementsGetRarerWhileTheWindowStopsGrowing() {
    BdpEstimator bdp = new BdpEstimator(64 * KIB, 16 * MIB);
    long t = 0;
    long interval = BdpEstimator.MIN_PING_INTERVAL_NANOS;
    for (int i = 0; i < 10; i++) {
      assertEquals(0, measure(bdp, t, 1 * KIB, 1 * MS), "an idle link never grows the window");
      interval = Math.min(BdpEstimator.MAX_PING_INTERVAL_NANOS, interval * 2);
      assertFalse(bdp.onDataReceived(1000, t + 1 * MS + interval - 1), "waits the doubled interval");
      t += 1 * MS + interval;
    }
    assertEquals(BdpEstimator.MAX_PING_INTERVAL_NANOS, interval, "capped at about one a second");
  }

  @Test
  void ackWithoutAPingChangesNothing() {
    BdpEstimator bdp = new BdpEstimator(64 * KIB, 16 * MIB);
    assertEquals(0, bdp.onPingAck(5 * MS));
    bdp.onDataReceived(60 * KIB, 0);
    assertEquals(0, bdp.onPingAck(5 * MS), "ping asked for but not sent yet");
    assertEquals(64 * KIB, bdp.window());
  }

  @Test
  void pingSentWithoutBeingAskedForIsAProgrammingError() {
    assertThrows(IllegalStateException.class,
        () -> new BdpEstimator(64 * KIB, 16 * MIB).onPingSent(0));
  }

  @Test
  void zeroElapsedTimeDoesNotBreakTheEstimate() {
    BdpEstimator bdp = new BdpEstimator(64 * KIB, 16 * MIB);
    assertEquals(128 * KIB, measure(bdp, 0, 64 * KIB, 0));
  }

  /**
   * One measurement starting at {@code start}: {@code bytes} arrive (in 1 KiB frames, plus the
   * first frame starting it) and the ACK comes after {@code rtt}.
   */
  private static int measure(BdpEstimator bdp, long start, int bytes, long rtt) {
    assertTrue(bdp.onDataReceived(Math.min(KIB, bytes), start), "a ping should be asked for");
    bdp.onPingSent(start);
    for (int left = bytes - Math.min(KIB, bytes); left > 0; left -= KIB) {
      assertFalse(bdp.onDataReceived(Math.min(KIB, left), start + rtt / 2));
    }
    return bdp.onPingAck(start + rtt);
  }
}
