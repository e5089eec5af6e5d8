package dev.proxima.internal.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GrpcTimeoutTest {
  @Test
  void everyUnitDecodes() {
    assertEquals(7L, GrpcTimeout.decode("7n"));
    assertEquals(TimeUnit.MICROSECONDS.toNanos(7), GrpcTimeout.decode("7u"));
    assertEquals(TimeUnit.MILLISECONDS.toNanos(7), GrpcTimeout.decode("7m"));
    assertEquals(TimeUnit.SECONDS.toNanos(7), GrpcTimeout.decode("7S"));
    assertEquals(TimeUnit.MINUTES.toNanos(7), GrpcTimeout.decode("7M"));
    assertEquals(TimeUnit.HOURS.toNanos(7), GrpcTimeout.decode("7H"));
  }

  @Test
  void encodeUsesTheFinestUnitThatFitsInEightDigits() {
    assertEquals("99999999n", GrpcTimeout.encode(99_999_999L));
    assertEquals("100000u", GrpcTimeout.encode(100_000_000L));
    assertEquals("99999999u", GrpcTimeout.encode(99_999_999_000L));
    assertEquals("100000m", GrpcTimeout.encode(100_000_000_000L));
    assertEquals("100000S", GrpcTimeout.encode(TimeUnit.SECONDS.toNanos(100_000)));
    assertEquals("1666666M", GrpcTimeout.encode(TimeUnit.SECONDS.toNanos(100_000_000)));
    assertEquals("1666666H", GrpcTimeout.encode(TimeUnit.SECONDS.toNanos(6_000_000_000L)));
  }

  @Test
  void encodeNeverExceedsEightDigits() {
    for (long nanos = 1; nanos > 0 && nanos < Long.MAX_VALUE / 3; nanos = nanos * 3 + 1) {
      String v = GrpcTimeout.encode(nanos);
      assertTrue(v.length() <= 9, v);
    }
    assertEquals("2562047H", GrpcTimeout.encode(Long.MAX_VALUE));
  }

  @Test
  void encodeRoundsDownSoThePeerNeverSeesMoreTime() {
    assertEquals("123456u", GrpcTimeout.encode(123_456_789L));
    assertTrue(GrpcTimeout.decode(GrpcTimeout.encode(123_456_789L)) <= 123_456_789L);
  }

  @Test
  void encodeThenDecodeRoundTripsExactlyWhenTheUnitFits() {
    for (long nanos : new long[] {1, 999, 50_000_000, TimeUnit.SECONDS.toNanos(1),
        TimeUnit.MINUTES.toNanos(30), TimeUnit.HOURS.toNanos(1_000_000)}) {
      assertEquals(nanos, GrpcTimeout.decode(GrpcTimeout.encode(nanos)), "nanos " + nanos);
    }
  }

  @Test
  void expiredTimeoutEncodesAsOneNanosecond() {
    assertEquals("1n", GrpcTimeout.encode(0));
    assertEquals("1n", GrpcTimeout.encode(-5));
  }

  @Test
  void decodeSaturatesInsteadOfOverflowing() {
    assertEquals(Long.MAX_VALUE, GrpcTimeout.decode("99999999H"));
    assertEquals(99_999_999L * 60_000_000_000L, GrpcTimeout.decode("99999999M"));
  }

  @Test
  void eightDigitsAreAcceptedAndZeroIsZero() {
    assertEquals(99_999_999L, GrpcTimeout.decode("99999999n"));
    assertEquals(0L, GrpcTimeout.decode("0S"));
    assertEquals(5_000_000L, GrpcTimeout.decode("00000005m"));
  }

  @Test
  void malformedValuesAreRejectedWithAnActionableMessage() {
    for (String bad : new String[] {"", "S", "1", "123456789n", "10s", "10x", "-1S", "+1S",
        "1.5S", " 1S", "1S ", "abc", "1 S"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> GrpcTimeout.decode(bad), bad);
      assertEquals("grpc-timeout '" + bad + "' is malformed: expected 1-8 digits and a unit"
          + " H/M/S/m/u/n (gRPC PROTOCOL-HTTP2)", e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> GrpcTimeout.decode(null));
  }
}
