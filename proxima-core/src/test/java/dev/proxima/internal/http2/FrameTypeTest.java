package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameTypeTest {
  @Test
  void codesFollowRfc9113Section6() {
    int expected = 0;
    for (FrameType t : FrameType.values()) {
      assertEquals(expected++, t.code());
      assertEquals(t, FrameType.of(t.code()));
    }
    assertEquals(0x9, FrameType.CONTINUATION.code());
  }

  @Test
  void unknownCodesMapToNull() {
    assertNull(FrameType.of(0xa));
    assertNull(FrameType.of(0xff));
    assertNull(FrameType.of(-1));
  }

  @Test
  void clientPrefaceIsThe24OctetsOfRfc9113Section3_4() {
    byte[] p = Preface.bytes();
    assertEquals(24, p.length);
    assertEquals(Preface.LENGTH, p.length);
    assertEquals("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", new String(p, StandardCharsets.US_ASCII));
    p[0] = 'X'; // a copy: the constant stays intact
    assertEquals('P', Preface.bytes()[0]);
    assertEquals(24, Preface.buffer().remaining());
  }
}
