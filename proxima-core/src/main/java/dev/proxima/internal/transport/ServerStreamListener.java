package dev.proxima.internal.transport;

import dev.proxima.Status;
import java.io.InputStream;

/** Events of one server stream, called on the transport's thread. */
public interface ServerStreamListener {
  void onMessage(InputStream message);

  void onHalfClose();

  /** The call ended without a status from us (client reset, connection lost, bad input). */
  void onCancel(Status status);

  /** Our status was written: the call completed. */
  void onComplete();

  void onReady();
}
