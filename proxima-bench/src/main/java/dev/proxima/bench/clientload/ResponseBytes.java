package dev.proxima.bench.clientload;

import java.io.IOException;
import java.io.InputStream;

/**
 * The response marshalling both drivers share: read the message to its end without keeping it and
 * yield its length. One byte at a time on purpose: {@code readAllBytes} and {@code transferTo}
 * allocate a 16 KiB scratch array per call, which would swamp the allocation per call of a
 * 20-byte response on either client.
 */
final class ResponseBytes {
  private ResponseBytes() {}

  static int count(InputStream in) throws IOException {
    int n = 0;
    while (in.read() >= 0) {
      n++;
    }
    return n;
  }
}
