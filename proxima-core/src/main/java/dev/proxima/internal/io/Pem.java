package dev.proxima.internal.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The text of a PEM file and where it came from (named in error messages). Read once, so a
 * stream can be given as well as a path. Immutable.
 *
 * @param source a file name or a description, for messages
 * @param text the PEM text (read as ISO-8859-1: only its ASCII blocks matter)
 */
public record Pem(String source, String text) {
  public Pem {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(text, "text");
  }

  /** Reads {@code file} now. */
  public static Pem read(Path file) throws IOException {
    return new Pem(file.toString(), Files.readString(file, StandardCharsets.ISO_8859_1));
  }

  /** Reads {@code in} to its end now (it is not closed). */
  public static Pem read(InputStream in, String source) throws IOException {
    return new Pem(source, new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
  }

  /**
   * Where PEM text will come from: a file read when {@link #load()} is called, or text read
   * already (a stream cannot wait).
   */
  @FunctionalInterface
  public interface Source {
    Pem load() throws IOException;

    /** {@code file}, read by {@link #load()}. */
    static Source of(Path file) {
      Objects.requireNonNull(file, "file");
      return () -> read(file);
    }

    /** Reads {@code in} now (it is not closed). */
    static Source of(InputStream in, String source) throws IOException {
      Pem pem = read(Objects.requireNonNull(in, "in"), source);
      return () -> pem;
    }
  }

  /** Loads {@code source}; null for null. */
  public static Pem load(Source source) throws IOException {
    return source == null ? null : source.load();
  }

  /** Null for null: an optional file. */
  static Pem readOptional(Path file) throws IOException {
    return file == null ? null : read(file);
  }
}
