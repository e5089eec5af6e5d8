package dev.proxima.internal.http2;

import dev.proxima.internal.hpack.HeaderField;
import java.util.List;

/** A stream listener that resets its stream with CANCEL once the headers arrive: a call turned down. */
final class ResetsOnHeaders implements Http2StreamListener {
  @Override
  public void onHeaders(Http2Stream s, List<HeaderField> headers, boolean endStream) {
    s.reset(ErrorCode.CANCEL);
  }
}
