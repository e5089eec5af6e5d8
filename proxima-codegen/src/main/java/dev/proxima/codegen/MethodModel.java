package dev.proxima.codegen;

import java.util.List;

/**
 * One rpc as the generated code names it.
 *
 * @param protoName the rpc's name in the proto, e.g. {@code SayHello}
 * @param fullName {@code package.Service/Method}
 * @param javaName the Java method name, e.g. {@code sayHello} ({@code class_} for {@code class})
 * @param constantName the method descriptor constant, e.g. {@code METHOD_SAY_HELLO}
 * @param kind unary or which side streams
 * @param requestType how the generated file writes the request class
 * @param responseType how the generated file writes the response class
 * @param comment the rpc's leading comment as javadoc lines, maybe empty
 * @param deprecated whether the proto marks the rpc {@code deprecated = true}
 */
record MethodModel(String protoName, String fullName, String javaName, String constantName, CallKind kind,
    String requestType, String responseType, List<String> comment, boolean deprecated) {
}
