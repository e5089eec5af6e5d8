package dev.proxima.internal.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.proxima.MethodDescriptor;
import dev.proxima.RawBytesMethods;
import dev.proxima.internal.hpack.HeaderField;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fields a gRPC request starts with (PROTOCOL-HTTP2, "Requests"). */
class RequestHeadersTest {
  private final RequestHeaders headers = new RequestHeaders("https", "example.com:443");

  private static MethodDescriptor<byte[], byte[]> method(String name, String subtype) {
    return RawBytesMethods.method(name, MethodDescriptor.Type.UNARY, subtype);
  }

  private List<HeaderField> start(MethodDescriptor<?, ?> method) {
    List<HeaderField> fields = new ArrayList<>();
    headers.addTo(fields, method);
    return fields;
  }

  @Test
  void pseudoHeadersFirstThenTeContentTypeAndUserAgent() {
    assertEquals(List.of(
        new HeaderField(":method", "POST"),
        new HeaderField(":scheme", "https"),
        new HeaderField(":path", "/pkg.Svc/Do"),
        new HeaderField(":authority", "example.com:443"),
        new HeaderField("te", "trailers"),
        new HeaderField("content-type", "application/grpc"),
        new HeaderField("user-agent", RequestHeaders.USER_AGENT)), start(method("pkg.Svc/Do", "")));
  }

  @Test
  void aMarshallersSubtypeGoesIntoTheContentType() {
    assertEquals(new HeaderField("content-type", "application/grpc+json"),
        start(method("pkg.Svc/Do", "json")).get(5));
  }

  @Test
  void theSameMethodGetsTheSamePathFieldEveryCall() {
    MethodDescriptor<?, ?> m = method("pkg.Svc/Do", "");
    assertSame(start(m).get(2), start(m).get(2));
    assertEquals("/pkg.Svc/Other", start(method("pkg.Svc/Other", "")).get(2).value());
    assertEquals("example.com:443", headers.authority());
  }
}
