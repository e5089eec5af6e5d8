package dev.proxima.internal.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.Status;
import org.junit.jupiter.api.Test;

/** PROTOCOL-HTTP2, "Responses": Status → "grpc-status" 1*DIGIT, one of gRPC's codes. */
class GrpcStatusHeaderTest {
  @Test
  void eachCodeIsItsDecimalNumber() {
    for (Status.Code code : Status.Code.values()) {
      Status s = GrpcStatusHeader.parse(Integer.toString(code.value()), "words");
      assertEquals(code, s.code());
      assertEquals("words", s.description());
    }
  }

  @Test
  void withoutGrpcMessageTheStatusHasNoDescription() {
    assertNull(GrpcStatusHeader.parse("5", null).description());
  }

  @Test
  void leadingZerosAreStillDigits() {
    assertEquals(Status.Code.CANCELLED, GrpcStatusHeader.parse("01", null).code());
  }

  @Test
  void signsSpacesAndOtherNotationsAreNotDigits() {
    for (String value : new String[] {"+1", "-0", "-1", " 1", "1.0", "0x1", "1e1", "abc", ""}) {
      Status s = GrpcStatusHeader.parse(value, null);
      assertEquals(Status.Code.UNKNOWN, s.code(), value);
      assertTrue(s.description().contains("grpc-status '" + value + "'"), s.toString());
    }
  }

  @Test
  void numbersThatAreNotCodesAreUnknownNamingTheValue() {
    for (String value : new String[] {"17", "99", "2147483647", "99999999999999999999"}) {
      Status s = GrpcStatusHeader.parse(value, "the server's words");
      assertEquals(Status.Code.UNKNOWN, s.code(), value);
      assertTrue(s.description().contains("grpc-status '" + value + "'"), s.toString());
      assertTrue(s.description().endsWith("grpc-message: the server's words"), s.toString());
    }
  }
}
