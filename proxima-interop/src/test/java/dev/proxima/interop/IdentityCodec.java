package dev.proxima.interop;

import io.grpc.Codec;
import java.io.InputStream;
import java.io.OutputStream;

/** A grpc-java codec that leaves bytes as they are under a name of our choosing. */
final class IdentityCodec implements Codec {
  private final String encoding;

  IdentityCodec(String encoding) {
    this.encoding = encoding;
  }

  @Override
  public String getMessageEncoding() {
    return encoding;
  }

  @Override
  public OutputStream compress(OutputStream os) {
    return os;
  }

  @Override
  public InputStream decompress(InputStream is) {
    return is;
  }
}
