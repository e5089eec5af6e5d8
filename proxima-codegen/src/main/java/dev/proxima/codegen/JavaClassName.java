package dev.proxima.codegen;

/**
 * A Java class as generated code names it.
 *
 * @param packageName its package, empty for none
 * @param nestedName its name within the package, with dots for nesting ({@code Outer.Inner})
 */
record JavaClassName(String packageName, String nestedName) {
  /** The fully-qualified name, e.g. {@code com.example.Outer.Inner}. */
  String qualifiedName() {
    return JavaNames.qualify(packageName, nestedName);
  }

  /** The innermost name, e.g. {@code Inner}. */
  String simpleName() {
    return JavaNames.simpleName(nestedName);
  }
}
