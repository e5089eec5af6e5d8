package dev.proxima.internal.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GrpcHeadersTest {
  @Test
  void plainAndSubtypedAndParameterizedGrpcContentTypesAreGrpc() {
    assertTrue(GrpcHeaders.isGrpcContentType("application/grpc"));
    assertTrue(GrpcHeaders.isGrpcContentType("application/grpc+proto"));
    assertTrue(GrpcHeaders.isGrpcContentType("application/grpc+json"));
    assertTrue(GrpcHeaders.isGrpcContentType("application/grpc;charset=utf-8"));
  }

  @Test
  void contentTypeComparisonIgnoresCase() {
    assertTrue(GrpcHeaders.isGrpcContentType("Application/GRPC+Proto"));
  }

  @Test
  void otherContentTypesAndNullAreNotGrpc() {
    assertFalse(GrpcHeaders.isGrpcContentType(null));
    assertFalse(GrpcHeaders.isGrpcContentType(""));
    assertFalse(GrpcHeaders.isGrpcContentType("application/json"));
    assertFalse(GrpcHeaders.isGrpcContentType("application/grp"));
    assertFalse(GrpcHeaders.isGrpcContentType("application/grpcx"));
    assertFalse(GrpcHeaders.isGrpcContentType("text/application/grpc"));
  }

  @Test
  void contentSubtypeIsEmptyForPlainGrpcAndLowerCasedOtherwise() {
    assertEquals("", GrpcHeaders.contentSubtype("application/grpc"));
    assertEquals("", GrpcHeaders.contentSubtype("application/grpc;charset=utf-8"));
    assertEquals("proto", GrpcHeaders.contentSubtype("application/grpc+proto"));
    assertEquals("json", GrpcHeaders.contentSubtype("application/grpc+JSON; charset=utf-8"));
    assertNull(GrpcHeaders.contentSubtype("application/json"));
  }

  @Test
  void protocolAndConnectionHeadersAreReserved() {
    for (String name : new String[] {":path", ":status", "content-type", "te", "user-agent",
        "grpc-timeout", "grpc-encoding", "grpc-accept-encoding", "grpc-status", "grpc-message",
        "connection", "transfer-encoding", "upgrade", "keep-alive", "proxy-connection", "host"}) {
      assertTrue(GrpcHeaders.isReserved(name), name);
    }
  }

  @Test
  void statusDetailsBinAndCustomMetadataAreNotReserved() {
    assertFalse(GrpcHeaders.isReserved("grpc-status-details-bin"));
    assertFalse(GrpcHeaders.isReserved("authorization"));
    assertFalse(GrpcHeaders.isReserved("trace-proto-bin"));
    assertFalse(GrpcHeaders.isReserved(""));
  }
}
