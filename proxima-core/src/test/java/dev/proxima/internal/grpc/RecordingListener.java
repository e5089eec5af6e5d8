package dev.proxima.internal.grpc;

import dev.proxima.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A {@link MessageDeframer.Listener} that writes down what it is told, each message in hex, and
 * fails on what a listener must never be told: a message whose available() is not its length,
 * bytesRead of zero or less, endOfMessages twice.
 */
final class RecordingListener implements MessageDeframer.Listener {
  final List<String> messages = new ArrayList<>();
  long bytesRead;
  Status failure;
  int failures;
  boolean ended;

  @Override
  public void messageAvailable(InputStream message) {
    try {
      int available = message.available();
      byte[] bytes = message.readAllBytes();
      if (available != bytes.length) {
        throw new AssertionError("available() said " + available + " of " + bytes.length);
      }
      messages.add(HexFormat.of().formatHex(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void bytesRead(int n) {
    if (n <= 0) {
      throw new AssertionError("bytesRead(" + n + ")");
    }
    bytesRead += n;
  }

  @Override
  public void deframeFailed(Status status) {
    failure = status;
    failures++;
  }

  @Override
  public void endOfMessages() {
    if (ended) {
      throw new AssertionError("endOfMessages twice");
    }
    ended = true;
  }
}
