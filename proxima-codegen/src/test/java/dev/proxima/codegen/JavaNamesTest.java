package dev.proxima.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JavaNamesTest {
  @Test
  void methodNamesAreLowerCamelCase() {
    assertEquals("sayHello", JavaNames.methodName("SayHello"));
    assertEquals("getClass", JavaNames.methodName("get_class"));
    assertEquals("hTTPGet", JavaNames.methodName("HTTPGet"));
    assertTrue(JavaNames.isKeyword(JavaNames.methodName("class")));
  }

  @Test
  void constantNamesAreUpperSnakeCase() {
    assertEquals("SAY_HELLO", JavaNames.constantName("SayHello"));
    assertEquals("HTTP_GET", JavaNames.constantName("HTTPGet"));
    assertEquals("GET_CLASS", JavaNames.constantName("get_class"));
    assertEquals("V2_CALL", JavaNames.constantName("V2Call"));
  }

  @Test
  void fileNamesBecomeOuterClassNamesAsProtocMakesThem() {
    assertEquals("FooBar", JavaNames.camelCase("foo_bar", true));
    assertEquals("Foo2Bar", JavaNames.camelCase("foo2bar", true));
    assertEquals("FooBar", JavaNames.camelCase("foo-bar", true));
  }
}
