package dev.proxima.codegen;

/**
 * A Java class as generated code names it.
 *
 * @param packageName its package, empty for none
 * @param enclosingName the class it is nested in that generated code never writes by itself (the
 *     file's outer class, for {@code java_multiple_files = false}), or empty
 * @param name its name as written after an import of its top-level part, e.g. {@code Pong.Detail}
 */
record JavaClassName(String packageName, String enclosingName, String name) {
  /** The fully-qualified name, e.g. {@code com.example.Outer.Pong.Detail}. */
  String qualifiedName() {
    return JavaNames.qualify(JavaNames.qualify(packageName, enclosingName), name);
  }

  /** The part of {@link #name} that an import brings in scope, e.g. {@code Pong}. */
  String importedName() {
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  /** What an import statement names, e.g. {@code com.example.Outer.Pong}. */
  String importTarget() {
    return JavaNames.qualify(JavaNames.qualify(packageName, enclosingName), importedName());
  }
}
