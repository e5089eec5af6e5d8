package dev.proxima.internal.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proxima.Status;
import org.junit.jupiter.api.Test;

class HttpStatusMappingTest {
  @Test
  void theTableOfHttpGrpcStatusMapping() {
    assertCode(400, Status.Code.INTERNAL);
    assertCode(401, Status.Code.UNAUTHENTICATED);
    assertCode(403, Status.Code.PERMISSION_DENIED);
    assertCode(404, Status.Code.UNIMPLEMENTED);
    assertCode(429, Status.Code.UNAVAILABLE);
    assertCode(431, Status.Code.INTERNAL);
    assertCode(502, Status.Code.UNAVAILABLE);
    assertCode(503, Status.Code.UNAVAILABLE);
    assertCode(504, Status.Code.UNAVAILABLE);
  }

  @Test
  void allOtherCodesAreUnknownIncluding200() {
    for (int http : new int[] {200, 204, 302, 405, 415, 500, 501, 599, 999}) {
      assertCode(http, Status.Code.UNKNOWN);
    }
  }

  @Test
  void descriptionNamesTheHttpStatusAndReason() {
    assertEquals("HTTP status code 503 (Service Unavailable)",
        HttpStatusMapping.statusForHttp(503).description());
    assertEquals("HTTP status code 599", HttpStatusMapping.statusForHttp(599).description());
  }

  private static void assertCode(int http, Status.Code expected) {
    assertEquals(expected, HttpStatusMapping.statusForHttp(http).code(), "HTTP " + http);
  }
}
