package dev.proxima.codegen;

import java.util.List;

/** Java source text built line by line, indented by two spaces per level. */
final class SourceBuilder {
  private static final String INDENT = "  ";

  private final StringBuilder text = new StringBuilder();
  private int level;

  /** Adds {@code line} at the current indentation (an empty line stays empty). */
  SourceBuilder line(String line) {
    if (!line.isEmpty()) {
      text.append(INDENT.repeat(level)).append(line);
    }
    text.append('\n');
    return this;
  }

  /** Adds an empty line. */
  SourceBuilder blank() {
    return line("");
  }

  /** Adds {@code line} and indents what follows. */
  SourceBuilder open(String line) {
    line(line);
    level++;
    return this;
  }

  /** Outdents and adds {@code line}. */
  SourceBuilder close(String line) {
    level--;
    return line(line);
  }

  /** Adds a javadoc comment of {@code lines}: on one line when there is one short line. */
  SourceBuilder javadoc(List<String> lines) {
    if (lines.size() == 1 && lines.get(0).length() + INDENT.length() * level < 94) {
      return line("/** " + lines.get(0) + " */");
    }
    line("/**");
    for (String l : lines) {
      line(l.isEmpty() ? " *" : " * " + l);
    }
    return line(" */");
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
