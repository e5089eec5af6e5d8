package dev.proxima.internal.transport;

import dev.proxima.Metadata;
import dev.proxima.Status;
import java.io.InputStream;

/**
 * Events of one client stream, called on the transport's thread (an event loop): implementations
 * must hand anything slow (parsing, user code) to another executor.
 */
public interface ClientStreamListener {
  void onHeaders(Metadata headers);

  /** One whole message; the stream reads buffers the transport no longer needs. */
  void onMessage(InputStream message);

  /** The call ended: called exactly once, after every message. */
  void onClose(Status status, Metadata trailers);

  void onReady();
}
