package dev.proxima.internal.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class StatusMessageTest {
  @Test
  void printableAsciiTravelsAsIs() {
    String m = "Unable to find method: foo.Bar/Baz (see logs) ~!@#$^&*()";
    assertSame(m, StatusMessage.encode(m));
    assertEquals(m, StatusMessage.decode(m));
  }

  @Test
  void percentSignIsEncoded() {
    assertEquals("50%25 done", StatusMessage.encode("50% done"));
    assertEquals("50% done", StatusMessage.decode("50%25 done"));
  }

  @Test
  void controlCharactersAreEncoded() {
    assertEquals("line1%0Aline2%09tab%7F", StatusMessage.encode("line1\nline2\ttab\u007f"));
  }

  @Test
  void nonAsciiIsEncodedAsUtf8Bytes() {
    // The grpc-java interop examples: U+00E9 is C3 A9, the CJK text is three bytes per char.
    assertEquals("caf%C3%A9", StatusMessage.encode("caf\u00e9"));
    assertEquals("%E6%97%A5%E6%9C%AC", StatusMessage.encode("\u65e5\u672c"));
    assertEquals("%F0%9F%98%80", StatusMessage.encode("\ud83d\ude00"));
  }

  @Test
  void encodeThenDecodeRoundTrips() {
    String m = "\t\u00e9\u65e5 %%% \ud83d\ude00 \r\n end%";
    assertEquals(m, StatusMessage.decode(StatusMessage.encode(m)));
  }

  @Test
  void decodeAcceptsLowerCaseHex() {
    assertEquals("caf\u00e9", StatusMessage.decode("caf%c3%a9"));
  }

  @Test
  void invalidPercentSequencesAreLeftAsIs() {
    assertEquals("100%", StatusMessage.decode("100%"));
    assertEquals("a%4", StatusMessage.decode("a%4"));
    assertEquals("%zz and %4g", StatusMessage.decode("%zz and %4g"));
    assertEquals("% 25", StatusMessage.decode("% 25"));
  }

  @Test
  void invalidUtf8IsReplacedNotThrown() {
    assertEquals("a\ufffdb", StatusMessage.decode("a%C3b"));
    assertEquals("\ufffd", StatusMessage.decode("%FF"));
  }

  @Test
  void nullStaysNull() {
    assertNull(StatusMessage.encode(null));
    assertNull(StatusMessage.decode(null));
  }
}
