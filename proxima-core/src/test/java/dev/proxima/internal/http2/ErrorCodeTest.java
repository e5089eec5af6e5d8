package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** RFC 9113 §7: what an error code on the wire means, and how a message names it. */
class ErrorCodeTest {
  @Test
  void knownCodesAreThemselves() {
    for (ErrorCode c : ErrorCode.values()) {
      assertEquals(c, ErrorCode.of(c.code()));
      assertEquals(c.name(), ErrorCode.describe(c.code()));
    }
  }

  @Test
  void unknownCodesMeanInternalErrorButMessagesShowTheirValue() {
    assertEquals(ErrorCode.INTERNAL_ERROR, ErrorCode.of(0x1234));
    assertEquals(ErrorCode.INTERNAL_ERROR, ErrorCode.of(0xffff_ffff));
    assertEquals("unknown error code 0x1234 (treated as INTERNAL_ERROR, RFC 9113 §7)", ErrorCode.describe(0x1234));
    assertEquals("unknown error code 0xffffffff (treated as INTERNAL_ERROR, RFC 9113 §7)",
        ErrorCode.describe(0xffff_ffff));
  }
}
