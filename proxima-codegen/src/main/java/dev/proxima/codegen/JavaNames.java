package dev.proxima.codegen;

import java.util.Set;

/** How proto names become Java names: camel case, constant case and keyword escaping. */
final class JavaNames {
  private static final Set<String> KEYWORDS = Set.of(
      "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
      "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
      "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
      "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
      "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
      "volatile", "while", "true", "false", "null", "_");

  private JavaNames() {}

  /** Whether {@code name} is a Java keyword or literal, unusable as an identifier. */
  static boolean isKeyword(String name) {
    return KEYWORDS.contains(name);
  }

  /**
   * protoc's own conversion ({@code UnderscoresToCamelCase}): drops every character that is not a
   * letter or digit and capitalises the letter after it and after a digit.
   */
  static String camelCase(String input, boolean capitaliseFirst) {
    StringBuilder out = new StringBuilder(input.length());
    boolean capitaliseNext = capitaliseFirst;
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c >= 'a' && c <= 'z') {
        out.append(capitaliseNext ? Character.toUpperCase(c) : c);
        capitaliseNext = false;
      } else if (c >= 'A' && c <= 'Z') {
        out.append(i == 0 && !capitaliseNext ? Character.toLowerCase(c) : c);
        capitaliseNext = false;
      } else if (c >= '0' && c <= '9') {
        out.append(c);
        capitaliseNext = true;
      } else {
        capitaliseNext = true;
      }
    }
    return out.toString();
  }

  /** {@code SayHello} as a Java method name: {@code sayHello}. */
  static String methodName(String rpcName) {
    String name = camelCase(rpcName, false);
    if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
      name = "_" + name;
    }
    return name;
  }

  /** {@code SayHello} as a constant name: {@code SAY_HELLO}; {@code HTTPGet} gives {@code HTTP_GET}. */
  static String constantName(String name) {
    StringBuilder out = new StringBuilder(name.length() + 8);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean upper = Character.isUpperCase(c);
      if (upper && i > 0) {
        char prev = name.charAt(i - 1);
        boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
        if (Character.isLowerCase(prev) || Character.isDigit(prev) || (Character.isUpperCase(prev) && nextLower)) {
          out.append('_');
        }
      }
      out.append(Character.toUpperCase(c));
    }
    return out.toString();
  }

  /** The last dot-separated part of {@code name}. */
  static String simpleName(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  /** {@code pkg} and {@code name} joined by a dot, or the one that is not empty. */
  static String qualify(String pkg, String name) {
    if (pkg.isEmpty() || name.isEmpty()) {
      return pkg + name;
    }
    return pkg + "." + name;
  }
}
