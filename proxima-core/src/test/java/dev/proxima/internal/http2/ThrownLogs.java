package dev.proxima.internal.http2;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the exceptions other than I/O errors that Proxima's code logs (a listener that threw, a
 * loop that caught a RuntimeException): a hostile peer must never cause one. While it is open,
 * the {@code dev.proxima} loggers log at FINE (where a connection closed by an error is logged).
 */
final class ThrownLogs extends Handler implements AutoCloseable {
  private final Logger logger = Logger.getLogger("dev.proxima");
  private final Level oldLevel = logger.getLevel();
  private final List<String> seen = new ArrayList<>();

  static ThrownLogs capture() {
    ThrownLogs h = new ThrownLogs();
    h.setLevel(Level.ALL);
    h.logger.setLevel(Level.FINE);
    h.logger.addHandler(h);
    return h;
  }

  @Override
  public synchronized void publish(LogRecord record) {
    Throwable t = record.getThrown();
    if (t != null && !(t instanceof IOException)) {
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      seen.add("logged by " + record.getLoggerName() + ": " + record.getMessage() + "\n" + trace);
    }
  }

  synchronized List<String> drain() {
    List<String> out = new ArrayList<>(seen);
    seen.clear();
    return out;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(oldLevel);
  }
}
