package dev.proxima.codegen;

import java.util.List;
import java.util.Set;

/**
 * One service and the names of what is generated for it.
 *
 * @param protoFile the .proto file that declares the service
 * @param protoName the service's name in the proto, e.g. {@code Greeter}
 * @param fullName {@code package.Greeter}
 * @param javaPackage the package of the generated class
 * @param className the generated class, {@code GreeterProxima}
 * @param serviceInterface the server-side interface, {@code GreeterService}
 * @param blockingStub the blocking stub class, {@code GreeterBlockingStub}
 * @param futureStub the future stub class, {@code GreeterFutureStub}
 * @param asyncStub the observer stub class, {@code GreeterStub}
 * @param outerClass how the generated file writes the proto file's outer class
 * @param imports the import statements
 * @param comment the service's leading comment as javadoc lines, maybe empty
 * @param deprecated whether the proto marks the service {@code deprecated = true}
 * @param methods the rpcs, in proto order
 */
record ServiceModel(String protoFile, String protoName, String fullName, String javaPackage, String className,
    String serviceInterface, String blockingStub, String futureStub, String asyncStub, String outerClass,
    Set<String> imports, List<String> comment, boolean deprecated, List<MethodModel> methods) {

  /** The generated file's path: the package as directories, then {@code GreeterProxima.java}. */
  String filePath() {
    String dir = javaPackage.isEmpty() ? "" : javaPackage.replace('.', '/') + "/";
    return dir + className + ".java";
  }

  /** Whether any rpc is unary (only those have future-stub methods). */
  boolean hasUnary() {
    return methods.stream().anyMatch(m -> m.kind() == CallKind.UNARY);
  }
}
