package dev.proxima.internal.transport;

import java.nio.ByteBuffer;

/**
 * The client half of one call as a transport carries it: the seam between the call layer and a
 * wire (HTTP/2 today; in-process or HTTP/1.1 later). Messages are already serialized.
 *
 * <p>Threading: any thread, one at a time; the transport hands the work to its own thread.
 */
public interface ClientStream {
  /** Sends one serialized message, compressed if the stream has a compressor and {@code compress}. */
  void writeMessage(ByteBuffer message, boolean compress);

  /** Sends no more messages. */
  void halfClose();

  /** Asks for {@code numMessages} more messages. */
  void request(int numMessages);

  /** Abandons the call; the listener's {@code onClose} reports {@code status}. */
  void cancel(dev.proxima.Status status);

  /** Whether a message can be written without piling up in memory. */
  boolean isReady();
}
