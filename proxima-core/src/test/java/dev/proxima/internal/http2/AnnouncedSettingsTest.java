package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The first SETTINGS a connection sends (RFC 9113 §6.5.2), made once per configuration. */
class AnnouncedSettingsTest {
  private final Http2Config config = Http2Config.defaults();

  @Test
  void aServerAnnouncesItsConcurrencyLimitAndWindows() {
    Http2Settings s = config.announcedSettings(false);
    assertEquals(config.maxConcurrentStreams(), s.get(Http2Settings.MAX_CONCURRENT_STREAMS));
    assertEquals(config.initialStreamWindow(), s.get(Http2Settings.INITIAL_WINDOW_SIZE));
    assertEquals(config.maxFrameSize(), s.get(Http2Settings.MAX_FRAME_SIZE));
    assertEquals(config.maxHeaderListSize(), s.get(Http2Settings.MAX_HEADER_LIST_SIZE));
    assertFalse(s.isSet(Http2Settings.ENABLE_PUSH));
    assertFalse(s.isSet(Http2Settings.HEADER_TABLE_SIZE), "the default table size goes unsaid");
  }

  @Test
  void aClientRefusesPushAndLeavesConcurrencyToTheServer() {
    Http2Settings s = config.announcedSettings(true);
    assertEquals(0, s.get(Http2Settings.ENABLE_PUSH));
    assertFalse(s.isSet(Http2Settings.MAX_CONCURRENT_STREAMS));
  }

  @Test
  void everyConnectionOfAConfigurationSharesOneInstance() {
    assertSame(config.announcedSettings(false), config.announcedSettings(false));
    assertSame(config.announcedSettings(true), config.announcedSettings(true));
  }
}
