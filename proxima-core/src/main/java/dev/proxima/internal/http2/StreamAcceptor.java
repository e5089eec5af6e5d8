package dev.proxima.internal.http2;

/**
 * The server side's entry point: called on the event loop when a peer opens a stream, before its
 * headers are delivered to the listener it returns.
 */
@FunctionalInterface
public interface StreamAcceptor {
  Http2StreamListener accept(Http2Stream stream);
}
