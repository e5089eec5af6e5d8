package dev.proxima.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses {@code --name=value} (and bare {@code --name}, meaning "true") command-line flags. */
final class Flags {
  private Flags() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || a.length() == 2) {
        throw new IllegalArgumentException("expected --name=value, got '" + a + "'");
      }
      int eq = a.indexOf('=');
      if (eq < 0) {
        flags.put(a.substring(2), "true");
      } else {
        flags.put(a.substring(2, eq), a.substring(eq + 1));
      }
    }
    return flags;
  }

  static int intFlag(Map<String, String> flags, String name, int dflt, int min, int max) {
    String v = flags.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new IllegalArgumentException("--" + name + " must be within " + min + ".." + max + ", got " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, got '" + v + "'");
    }
  }
}
