package dev.proxima.internal.grpc;

import dev.proxima.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * PROTOCOL-HTTP2's Length-Prefixed-Message as a plain model: the whole input at once, message
 * by message. For the first prefix that breaks rules it collects the codes of every rule broken.
 */
final class DeframingRules {
  private DeframingRules() {}

  /** What the model expects: the messages, then a failure (any of the codes) or the end. */
  record Expected(List<String> messages, Set<Status.Code> failure, boolean ended) {}

  static Expected expect(byte[] wire, int max, Compressor decompressor, boolean endOfStream) {
    List<String> messages = new ArrayList<>();
    Set<Status.Code> failure = EnumSet.noneOf(Status.Code.class);
    int at = 0;
    while (true) {
      if (wire.length - at < 5) {
        if (endOfStream && at < wire.length) {
          failure.add(Status.Code.INTERNAL); // the stream ends inside a prefix
        }
        break;
      }
      int flag = wire[at] & 0xff;
      long length = ByteBuffer.wrap(wire).getInt(at + 1) & 0xffff_ffffL;
      if (flag > 1) {
        failure.add(Status.Code.INTERNAL); // Compressed-Flag is 0 or 1
      }
      if (length > max) {
        failure.add(Status.Code.RESOURCE_EXHAUSTED);
      }
      if (flag == 1 && (decompressor == null || decompressor == Compressors.IDENTITY)) {
        failure.add(Status.Code.INTERNAL); // compressed, but no grpc-encoding declared
      }
      if (!failure.isEmpty()) {
        break;
      }
      if (wire.length - at - 5 < length) {
        if (endOfStream) {
          failure.add(Status.Code.INTERNAL); // the stream ends inside a message
        }
        break;
      }
      byte[] body = Arrays.copyOfRange(wire, at + 5, at + 5 + (int) length);
      at += 5 + (int) length;
      if (flag == 1) {
        body = gunzip(body, max, failure);
        if (body == null) {
          break;
        }
      }
      messages.add(HexFormat.of().formatHex(body));
    }
    return new Expected(messages, failure, endOfStream && failure.isEmpty()
        && at == wire.length);
  }

  /** The message inflated, or null with the failure's code when it is corrupt or too large. */
  private static byte[] gunzip(byte[] body, int max, Set<Status.Code> failure) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      int b;
      while ((b = in.read()) >= 0) {
        if (out.size() == max) {
          failure.add(Status.Code.RESOURCE_EXHAUSTED);
          return null;
        }
        out.write(b);
      }
    } catch (IOException | RuntimeException e) {
      failure.add(Status.Code.INTERNAL);
      return null;
    }
    return out.toByteArray();
  }
}
