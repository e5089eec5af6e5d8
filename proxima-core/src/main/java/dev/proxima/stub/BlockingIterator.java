package dev.proxima.stub;

import java.util.Iterator;

/**
 * The responses of a server-streaming call, read by blocking. The call asks the server for one
 * message at a time, as {@link #next()} consumes them, so a slow reader holds back the server
 * rather than buffering the stream.
 *
 * <p>{@link #hasNext()} and {@link #next()} throw {@link StatusRuntimeException} when the call
 * ended with a non-OK status, and CANCELLED (with the thread's interrupt flag set again) when the
 * waiting thread is interrupted, after cancelling the call.
 *
 * <p>Threading: one consumer thread; fine on virtual threads (waits park, never pin).
 *
 * @param <T> the response message type
 */
public interface BlockingIterator<T> extends Iterator<T>, AutoCloseable {
  /** Cancels the call if it has not ended; a read-to-the-end iterator needs no close. */
  @Override
  void close();
}
