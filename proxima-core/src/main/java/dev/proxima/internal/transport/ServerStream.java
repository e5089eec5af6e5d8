package dev.proxima.internal.transport;

import dev.proxima.Metadata;
import dev.proxima.Status;
import java.nio.ByteBuffer;

/**
 * The server half of one call as a transport carries it.
 *
 * <p>Threading: any thread, one at a time; the transport hands the work to its own thread.
 */
public interface ServerStream {
  void writeHeaders(Metadata headers);

  void writeMessage(ByteBuffer message, boolean compress);

  /** Ends the call with {@code status} and {@code trailers} (Trailers-Only if no headers were sent). */
  void close(Status status, Metadata trailers);

  /** Abandons the call (resets the stream). */
  void cancel(Status status);

  void request(int numMessages);

  boolean isReady();

  /** Compresses messages from now on with {@code encoding}, if the client accepts it. */
  void setCompression(String encoding);

  /** The {@code :authority} of the request, or null. */
  String authority();
}
