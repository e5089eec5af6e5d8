package dev.proxima.internal.http2;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every exception Proxima logs, at any level, that is not an I/O error. A handler or task that
 * throws is caught and logged by the event loop and the connection is closed: the call then ends
 * with a plausible UNAVAILABLE, and only the log shows that an IndexOutOfBounds or NullPointer
 * got there first. Tests that feed hostile input assert this stays empty.
 */
final class LoggedExceptions extends Handler implements AutoCloseable {
  /** Held strongly: a logger only weakly referenced may be collected with its level and handler. */
  private final Logger logger = Logger.getLogger("dev.proxima");
  private final Level previousLevel;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private LoggedExceptions() {
    previousLevel = logger.getLevel();
    setLevel(Level.ALL);
    logger.setLevel(Level.ALL);
    logger.addHandler(this);
  }

  /** Starts recording; {@link #close} stops. */
  static LoggedExceptions watch() {
    return new LoggedExceptions();
  }

  @Override
  public void publish(LogRecord record) {
    Throwable t = record.getThrown();
    if (t != null && !(t instanceof IOException)) {
      records.add(record);
    }
  }

  /** The exceptions recorded so far, with the message logged and the stack trace; empty if none. */
  String report() {
    StringBuilder sb = new StringBuilder();
    for (LogRecord r : records) {
      StringWriter trace = new StringWriter();
      r.getThrown().printStackTrace(new PrintWriter(trace));
      sb.append(r.getLoggerName()).append(": ").append(r.getMessage()).append('\n').append(trace);
    }
    return sb.toString();
  }

  int count() {
    return records.size();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previousLevel);
  }
}
