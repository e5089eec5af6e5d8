package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Http2SettingsTest {
  @Test
  void noneIsEmptyAndCannotBeChanged() {
    assertTrue(Http2Settings.NONE.isEmpty());
    assertThrows(UnsupportedOperationException.class,
        () -> Http2Settings.NONE.set(Http2Settings.MAX_FRAME_SIZE, 16384));
    assertThrows(UnsupportedOperationException.class,
        () -> Http2Settings.NONE.merge(new Http2Settings().set(Http2Settings.ENABLE_PUSH, 0)));
    assertTrue(Http2Settings.NONE.isEmpty());
  }

  @Test
  void unsetParametersAnswerTheRfcInitialValues() {
    Http2Settings s = new Http2Settings();
    assertEquals(0, s.count());
    assertTrue(s.isEmpty());
    assertEquals(4096, s.headerTableSize());
    assertTrue(s.enablePush());
    assertEquals(Long.MAX_VALUE, s.maxConcurrentStreams());
    assertEquals(65535, s.initialWindowSize());
    assertEquals(16384, s.maxFrameSize());
    assertEquals(Long.MAX_VALUE, s.maxHeaderListSize());
  }

  @Test
  void setValuesAreReturnedByTypedGetters() {
    Http2Settings s = new Http2Settings()
        .set(Http2Settings.HEADER_TABLE_SIZE, 0)
        .set(Http2Settings.ENABLE_PUSH, 0)
        .set(Http2Settings.MAX_CONCURRENT_STREAMS, 100)
        .set(Http2Settings.INITIAL_WINDOW_SIZE, Integer.MAX_VALUE)
        .set(Http2Settings.MAX_FRAME_SIZE, Http2Settings.MAX_MAX_FRAME_SIZE)
        .set(Http2Settings.MAX_HEADER_LIST_SIZE, 0xffff_ffffL);
    assertEquals(6, s.count());
    assertEquals(0, s.headerTableSize());
    assertFalse(s.enablePush());
    assertEquals(100, s.maxConcurrentStreams());
    assertEquals(Integer.MAX_VALUE, s.initialWindowSize());
    assertEquals((1 << 24) - 1, s.maxFrameSize());
    assertEquals(0xffff_ffffL, s.maxHeaderListSize());
  }

  @Test
  void getOfUnsetParameterThrowsAndGetOrDefaultFallsBack() {
    Http2Settings s = new Http2Settings();
    assertFalse(s.isSet(Http2Settings.MAX_FRAME_SIZE));
    assertThrows(IllegalStateException.class, () -> s.get(Http2Settings.MAX_FRAME_SIZE));
    assertEquals(7, s.getOrDefault(Http2Settings.MAX_FRAME_SIZE, 7));
    s.set(Http2Settings.MAX_FRAME_SIZE, 20000);
    assertEquals(20000, s.get(Http2Settings.MAX_FRAME_SIZE));
  }

  @Test
  void enablePushMustBeZeroOrOne() {
    assertThrows(IllegalArgumentException.class,
        () -> new Http2Settings().set(Http2Settings.ENABLE_PUSH, 2));
  }

  @Test
  void initialWindowSizeAbove2To31Minus1IsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new Http2Settings().set(Http2Settings.INITIAL_WINDOW_SIZE, 1L << 31));
  }

  @Test
  void maxFrameSizeOutside2To14And2To24Minus1IsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new Http2Settings().set(Http2Settings.MAX_FRAME_SIZE, 16383));
    assertThrows(IllegalArgumentException.class,
        () -> new Http2Settings().set(Http2Settings.MAX_FRAME_SIZE, 1 << 24));
  }

  @Test
  void valuesOutsideUnsigned32BitsAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new Http2Settings().set(Http2Settings.MAX_HEADER_LIST_SIZE, -1));
    assertThrows(IllegalArgumentException.class,
        () -> new Http2Settings().set(Http2Settings.MAX_HEADER_LIST_SIZE, 1L << 32));
  }

  @Test
  void unknownIdsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Http2Settings().set(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Http2Settings().set(7, 1));
  }

  @Test
  void mergeAppliesOnlyTheValuesSetInTheOther() {
    Http2Settings inForce = new Http2Settings()
        .set(Http2Settings.INITIAL_WINDOW_SIZE, 1000)
        .set(Http2Settings.MAX_CONCURRENT_STREAMS, 10);
    inForce.merge(new Http2Settings().set(Http2Settings.MAX_CONCURRENT_STREAMS, 20)
        .set(Http2Settings.MAX_FRAME_SIZE, 32768));
    assertEquals(1000, inForce.initialWindowSize());
    assertEquals(20, inForce.maxConcurrentStreams());
    assertEquals(32768, inForce.maxFrameSize());
    assertEquals(3, inForce.count());
  }

  @Test
  void forEachVisitsSetIdsInIncreasingOrder() {
    Http2Settings s = new Http2Settings()
        .set(Http2Settings.MAX_HEADER_LIST_SIZE, 6)
        .set(Http2Settings.HEADER_TABLE_SIZE, 1)
        .set(Http2Settings.INITIAL_WINDOW_SIZE, 4);
    List<String> seen = new ArrayList<>();
    s.forEach((id, value) -> seen.add(id + "=" + value));
    assertEquals(List.of("1=1", "4=4", "6=6"), seen);
  }

  @Test
  void equalityDependsOnSetValuesOnly() {
    Http2Settings a = new Http2Settings().set(Http2Settings.ENABLE_PUSH, 0);
    Http2Settings b = new Http2Settings().set(Http2Settings.ENABLE_PUSH, 0);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertFalse(a.equals(new Http2Settings()));
    assertEquals("{SETTINGS_ENABLE_PUSH=0}", a.toString());
  }
}
