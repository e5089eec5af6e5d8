package dev.proxima.internal.http2;

import dev.proxima.internal.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stream listener that records what a stream delivered: the octets of DATA, and how the stream
 * ended, normally (the END_STREAM seen) or reset (the reason).
 */
final class RecordingStream implements Http2StreamListener {
  /** Octets of DATA handed to the listener. */
  final AtomicInteger octets = new AtomicInteger();
  /** "end" at END_STREAM; the code and reason at a reset. */
  final CompletableFuture<String> ending = new CompletableFuture<>();

  @Override
  public void onHeaders(Http2Stream stream, List<HeaderField> headers, boolean endStream) {
    if (endStream) {
      ending.complete("end");
    }
  }

  @Override
  public void onData(Http2Stream stream, ByteBuffer data, boolean endStream) {
    octets.addAndGet(data.remaining());
    if (endStream) {
      ending.complete("end");
    }
  }

  @Override
  public void onReset(Http2Stream stream, ErrorCode code, String reason) {
    ending.complete(code + ": " + reason);
  }
}
