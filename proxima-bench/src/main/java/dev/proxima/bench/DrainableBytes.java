package dev.proxima.bench;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Bytes handed to grpc-java the way its own protobuf marshaller hands a message over
 * ({@code ProtoInputStream}): {@link Drainable}, so that the framer writes them straight out, and
 * {@link KnownLength}. A plain ByteArrayInputStream would make grpc-java copy them through an
 * 8 KiB scratch array per message (Guava's {@code ByteStreams.copy}), a cost no protobuf user pays.
 */
public final class DrainableBytes extends ByteArrayInputStream implements Drainable, KnownLength {
  public DrainableBytes(byte[] bytes) {
    super(bytes);
  }

  @Override
  public int drainTo(OutputStream target) throws IOException {
    int n = count - pos;
    target.write(buf, pos, n);
    pos = count;
    return n;
  }
}
