package dev.proxima.bench;

import dev.proxima.Status;
import dev.proxima.internal.grpc.MessageDeframer;
import dev.proxima.internal.grpc.MessageFramer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * gRPC's Length-Prefixed-Message (PROTOCOL-HTTP2): {@link MessageFramer} putting the 5-octet prefix
 * before a message, and {@link MessageDeframer} finding whole messages in received DATA payloads
 * and handing each to its listener as a stream over the received bytes, uncompressed.
 *
 * <ul>
 *   <li>{@link #frame}: one message framed: up to 16 KiB with the prefix it is copied behind the
 *       prefix into one buffer (one DATA payload), above that only the prefix is made.
 *   <li>{@link #deframeWholeMessage}: one DATA payload holding exactly one framed message, as a
 *       unary call's request or response usually arrives; the listener reads the message to its end.
 *   <li>{@link #deframeSplitMessage}: the same message arriving in two DATA payloads, split in the
 *       middle of its body.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"})
public class MessageFramingBenchmark {
  /** Message sizes: a small protobuf message, and one that fills a default DATA frame. */
  @Param({"100", "16384"})
  public int size;

  private ByteBuffer message;
  private ByteBuffer framed;
  private ByteBuffer firstHalf;
  private ByteBuffer secondHalf;
  private MessageDeframer deframer;
  private final ReadingListener listener = new ReadingListener();

  @Setup
  public void setUp() throws IOException {
    message = ByteBuffer.allocate(size);
    framed = ByteBuffer.allocate(MessageFramer.HEADER_LENGTH + size);
    for (ByteBuffer part : MessageFramer.frame(message, null)) {
      framed.put(part);
    }
    framed.flip();
    int cut = MessageFramer.HEADER_LENGTH + size / 2;
    firstHalf = framed.duplicate().limit(cut);
    secondHalf = framed.duplicate().position(cut);
    deframer = new MessageDeframer(Integer.MAX_VALUE, listener);
    deframer.request(Integer.MAX_VALUE); // a stream that asked for every message
  }

  @Benchmark
  public ByteBuffer[] frame() throws IOException {
    return MessageFramer.frame(message, null);
  }

  @Benchmark
  public void deframeWholeMessage(Blackhole bh) {
    listener.bh = bh;
    deframer.deframe(framed.duplicate());
  }

  @Benchmark
  public void deframeSplitMessage(Blackhole bh) {
    listener.bh = bh;
    deframer.deframe(firstHalf.duplicate());
    deframer.deframe(secondHalf.duplicate());
  }

  /** Reads every message to its end (as a parser would) and passes what it saw to the Blackhole. */
  private static final class ReadingListener implements MessageDeframer.Listener {
    Blackhole bh;

    @Override
    public void messageAvailable(InputStream in) {
      try {
        bh.consume(in.skip(Long.MAX_VALUE));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void bytesRead(int n) {
      bh.consume(n);
    }

    @Override
    public void deframeFailed(Status status) {
      throw new IllegalStateException(status.toString());
    }
  }
}
