package dev.proxima.interop;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name=value} command-line flags, as gRPC's interop tools take them. */
final class Flags {
  private final Map<String, String> values = new LinkedHashMap<>();

  private Flags() {}

  /**
   * Parses {@code args}; any flag not in {@code known} is an error.
   *
   * @throws IllegalArgumentException on an unknown flag or one not of the form {@code --name=value}
   */
  static Flags parse(String[] args, Set<String> known) {
    Flags flags = new Flags();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("not a flag: " + arg);
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
      String value = eq < 0 ? "true" : arg.substring(eq + 1);
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown flag --" + name + "; known: " + known);
      }
      flags.values.put(name, value);
    }
    return flags;
  }

  String get(String name, String defaultValue) {
    String v = values.get(name);
    return v == null || v.isEmpty() ? defaultValue : v;
  }

  int getInt(String name, int defaultValue) {
    String v = values.get(name);
    return v == null || v.isEmpty() ? defaultValue : Integer.parseInt(v);
  }

  boolean getBoolean(String name, boolean defaultValue) {
    String v = values.get(name);
    return v == null || v.isEmpty() ? defaultValue : Boolean.parseBoolean(v);
  }
}
