package dev.proxima.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the peer tools (nghttp, h2load, nghttpd) as processes: each with a bounded time, its output
 * captured in files under one directory, and every process it started destroyed on {@link #close()}.
 */
final class Processes implements AutoCloseable {
  /** What a finished command left behind. */
  record Result(int exitCode, byte[] stdout, String stderr) {
    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      String out = out();
      return "exit " + exitCode + "\n--- stdout ---\n" + (out.length() > 6000
          ? out.substring(0, 3000) + "\n...\n" + out.substring(out.length() - 3000) : out)
          + "\n--- stderr ---\n" + stderr;
    }
  }

  private static final List<Path> BIN_DIRS = List.of(Path.of("/usr/bin"), Path.of("/usr/sbin"),
      Path.of("/usr/local/bin"), Path.of("/usr/local/sbin"));

  private final Path dir;
  private final List<Process> started = new ArrayList<>();
  private int runs;

  Processes(Path dir) {
    this.dir = dir;
  }

  /**
   * The absolute path of tool {@code name}, from /usr/bin, /usr/sbin or PATH. Fails (not skips) when
   * it is missing: CI installs the tools, so a missing one is a broken setup.
   */
  static String binary(String name) {
    List<Path> dirs = new ArrayList<>(BIN_DIRS);
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(java.io.File.pathSeparator)) {
        if (!d.isEmpty()) {
          dirs.add(Path.of(d));
        }
      }
    }
    for (Path d : dirs) {
      Path candidate = d.resolve(name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return fail(name + " not found in /usr/bin, /usr/sbin or PATH: run build/install-test-deps.sh"
        + " (installs nghttp2-client and nghttp2-server)");
  }

  /** Runs {@code command} to its end; fails if it takes longer than {@code timeout}. */
  Result run(Duration timeout, String... command) throws IOException, InterruptedException {
    int n = ++runs;
    Path out = dir.resolve("run-" + n + ".out");
    Path err = dir.resolve("run-" + n + ".err");
    Process p = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    started.add(p);
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      fail(String.join(" ", command) + " did not finish within " + timeout + "\n"
          + new Result(-1, Files.readAllBytes(out), Files.readString(err)));
    }
    return new Result(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
  }

  /** Starts {@code command} in the background, output to {@code name}.log; destroyed on close. */
  Process start(String name, String... command) throws IOException {
    Path log = dir.resolve(name + ".log");
    Process p = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    started.add(p);
    return p;
  }

  /** The output so far of a process {@link #start started} as {@code name}. */
  String log(String name) {
    try {
      return Files.readString(dir.resolve(name + ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static java.io.File nullFile() {
    return new java.io.File("/dev/null");
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : started) {
      p.destroy();
    }
    for (Process p : started) {
      if (!p.waitFor(3, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
      }
    }
    started.clear();
  }
}
