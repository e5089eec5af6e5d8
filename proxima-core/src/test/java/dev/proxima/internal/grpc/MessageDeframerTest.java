package dev.proxima.internal.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class MessageDeframerTest {
  private static final int MAX = 4 << 20;

  private final Recorder recorder = new Recorder();
  private final MessageDeframer deframer = new MessageDeframer(MAX, recorder);

  @Test
  void oneMessageInOneBuffer() {
    deframer.request(1);
    deframer.deframe(frame(0, bytes(1, 2, 3)));
    assertEquals(1, recorder.messages.size());
    assertArrayEquals(bytes(1, 2, 3), recorder.messages.get(0));
    assertEquals(List.of(3), recorder.available);
    assertEquals(8, recorder.bytesRead);
    assertEquals(0, deframer.bufferedBytes());
  }

  @Test
  void messageSplitOneByteAtATime() {
    deframer.request(1);
    ByteBuffer wire = frame(0, bytes(9, 8, 7, 6));
    // One reused buffer, as a transport would pass: the deframer must copy.
    ByteBuffer reused = ByteBuffer.allocate(1);
    while (wire.hasRemaining()) {
      assertTrue(recorder.messages.isEmpty());
      reused.clear();
      reused.put(wire.get()).flip();
      deframer.deframe(reused);
      reused.put(0, (byte) 0x55);
    }
    assertEquals(1, recorder.messages.size());
    assertArrayEquals(bytes(9, 8, 7, 6), recorder.messages.get(0));
    assertEquals(List.of(4), recorder.available);
  }

  @Test
  void severalMessagesInOneBuffer() {
    deframer.request(3);
    deframer.deframe(concat(frame(0, bytes(1)), frame(0, bytes(2, 2)), frame(0, bytes(3, 3, 3))));
    assertEquals(3, recorder.messages.size());
    assertArrayEquals(bytes(3, 3, 3), recorder.messages.get(2));
    assertEquals(6 + 7 + 8, recorder.bytesRead);
  }

  @Test
  void messageSpanningBuffersIsReadInPlace() {
    deframer.request(1);
    ByteBuffer wire = frame(0, bytes(1, 2, 3, 4, 5, 6));
    deframer.deframe(wire.slice(0, 7));
    deframer.deframe(wire.slice(7, 4));
    assertArrayEquals(bytes(1, 2, 3, 4, 5, 6), recorder.messages.get(0));
    assertEquals(List.of(6), recorder.available);
  }

  @Test
  void requestOneDeliversExactlyOne() {
    deframer.deframe(concat(frame(0, bytes(1)), frame(0, bytes(2)), frame(0, bytes(3))));
    assertTrue(recorder.messages.isEmpty());
    assertTrue(deframer.hasPendingDeliveries());
    deframer.request(1);
    assertEquals(1, recorder.messages.size());
    assertTrue(deframer.hasPendingDeliveries());
    deframer.request(1);
    assertEquals(2, recorder.messages.size());
    deframer.request(5);
    assertEquals(3, recorder.messages.size());
    assertFalse(deframer.hasPendingDeliveries());
    // Remaining demand is used by the next message when it arrives.
    deframer.deframe(frame(0, bytes(4)));
    assertEquals(4, recorder.messages.size());
  }

  @Test
  void bytesReadCountsOnlyDeliveredMessagesWithTheirPrefixes() {
    deframer.deframe(concat(frame(0, new byte[100]), frame(0, new byte[50])));
    assertEquals(0, recorder.bytesRead);
    assertEquals(150 + 5, deframer.bufferedBytes()); // first prefix already parsed
    deframer.request(1);
    assertEquals(105, recorder.bytesRead);
    deframer.request(1);
    assertEquals(160, recorder.bytesRead);
    assertEquals(0, deframer.bufferedBytes());
  }

  @Test
  void aRequestedMessageIsReleasedAsItArrivesSoItMayBeLargerThanTheWindow() {
    // A peer with a 64 KiB window can send a 100 kB message only if the part already received is
    // returned to the window before the message is whole.
    ByteBuffer message = frame(0, new byte[100_000]);
    ByteBuffer first = message.slice(0, 60_000);
    ByteBuffer rest = message.slice(60_000, message.remaining() - 60_000);
    deframer.deframe(first);
    assertEquals(0, recorder.bytesRead, "without demand nothing is released");
    deframer.request(1);
    assertEquals(60_000, recorder.bytesRead, "requested: the part received is released");
    assertEquals(0, recorder.messages.size());
    deframer.deframe(rest);
    assertEquals(1, recorder.messages.size());
    assertEquals(100_005, recorder.bytesRead, "every wire byte is released exactly once");
  }

  @Test
  void partialReleaseCountsOnlyTheCurrentMessage() {
    deframer.request(1);
    ByteBuffer two = concat(frame(0, new byte[10]), frame(0, new byte[1000]));
    deframer.deframe(two.slice(0, 15 + 5 + 400));
    assertEquals(1, recorder.messages.size());
    assertEquals(15, recorder.bytesRead, "the second message is not requested yet");
    deframer.request(1);
    assertEquals(15 + 405, recorder.bytesRead);
    deframer.deframe(two.slice(420, two.remaining() - 420));
    assertEquals(2, recorder.messages.size());
    assertEquals(15 + 1005, recorder.bytesRead);
  }

  @Test
  void emptyMessageIsDelivered() {
    deframer.request(2);
    deframer.deframe(concat(frame(0, new byte[0]), frame(0, new byte[0])));
    assertEquals(2, recorder.messages.size());
    assertEquals(0, recorder.messages.get(0).length);
    assertEquals(List.of(0, 0), recorder.available);
    assertEquals(10, recorder.bytesRead);
  }

  @Test
  void listenerMayRequestTheNextMessageWhileReceivingOne() {
    MessageDeframer[] self = new MessageDeframer[1];
    Recorder chained = new Recorder() {
      @Override
      public void messageAvailable(InputStream message) {
        super.messageAvailable(message);
        self[0].request(1);
      }
    };
    self[0] = new MessageDeframer(MAX, chained);
    self[0].deframe(concat(frame(0, bytes(1)), frame(0, bytes(2)), frame(0, bytes(3))));
    self[0].request(1);
    assertEquals(3, chained.messages.size());
    assertArrayEquals(bytes(2), chained.messages.get(1));
  }

  @Test
  void messageAboveMaxSizeIsResourceExhaustedBeforeTheBodyArrives() {
    MessageDeframer small = new MessageDeframer(10, recorder);
    small.request(1);
    ByteBuffer prefix = ByteBuffer.allocate(5).put((byte) 0).putInt(11).flip();
    small.deframe(prefix);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, recorder.failure.code());
    assertEquals("gRPC message exceeds maximum size 10: 11", recorder.failure.description());
    // Nothing more is delivered or buffered.
    small.deframe(ByteBuffer.wrap(new byte[11]));
    assertEquals(0, small.bufferedBytes());
    assertTrue(recorder.messages.isEmpty());
    assertEquals(1, recorder.failures);
  }

  @Test
  void messageOfExactlyMaxSizeIsDelivered() {
    MessageDeframer small = new MessageDeframer(10, recorder);
    small.request(1);
    small.deframe(frame(0, new byte[10]));
    assertEquals(1, recorder.messages.size());
    assertNull(recorder.failure);
  }

  @Test
  void lengthAboveTwoGigabytesIsResourceExhausted() {
    deframer.deframe(ByteBuffer.wrap(bytes(0, 0xff, 0xff, 0xff, 0xff)));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, recorder.failure.code());
    assertEquals("gRPC message exceeds maximum size " + MAX + ": 4294967295",
        recorder.failure.description());
  }

  @Test
  void compressedFlagWithoutEncodingIsInternal() {
    deframer.request(1);
    deframer.deframe(frame(1, bytes(1, 2)));
    assertEquals(Status.Code.INTERNAL, recorder.failure.code());
    assertTrue(recorder.failure.description().contains("compressed flag set but no grpc-encoding"),
        recorder.failure.description());
  }

  @Test
  void compressedFlagWithIdentityEncodingIsInternal() {
    deframer.setDecompressor(Compressors.IDENTITY);
    deframer.deframe(frame(1, bytes(1, 2)));
    assertEquals(Status.Code.INTERNAL, recorder.failure.code());
  }

  @Test
  void flagByteOtherThanZeroOrOneIsInternal() {
    deframer.request(1);
    deframer.deframe(frame(2, bytes(1)));
    assertEquals(Status.Code.INTERNAL, recorder.failure.code());
    assertTrue(recorder.failure.description().contains("0x2"), recorder.failure.description());
    assertTrue(recorder.messages.isEmpty());
  }

  @Test
  void gzipMessageRoundTrips() throws IOException {
    byte[] text = "a compressible gRPC message ".repeat(1000).getBytes();
    ByteBuffer framed = MessageFramer.frame(ByteBuffer.wrap(text), Compressors.GZIP)[0]; // small once compressed
    int compressedLength = framed.remaining() - MessageFramer.HEADER_LENGTH;
    deframer.setDecompressor(Compressors.GZIP);
    deframer.request(2);
    deframer.deframe(framed);
    deframer.deframe(frame(0, bytes(5))); // uncompressed messages may follow in the same stream
    assertArrayEquals(text, recorder.messages.get(0));
    assertEquals(List.of(text.length, 1), recorder.available);
    assertArrayEquals(bytes(5), recorder.messages.get(1));
    assertEquals(5 + compressedLength + 6, recorder.bytesRead);
  }

  @Test
  void corruptGzipIsInternal() {
    deframer.setDecompressor(Compressors.GZIP);
    deframer.request(1);
    deframer.deframe(frame(1, bytes(1, 2, 3, 4)));
    assertEquals(Status.Code.INTERNAL, recorder.failure.code());
  }

  @Test
  void gzipBombIsResourceExhaustedWithoutInflatingIt() throws IOException {
    // 100 MB of zeros compress to about 100 KB.
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 100; i++) {
        gzip.write(zeros);
      }
    }
    ByteBuffer wire = frame(1, compressed.toByteArray());
    deframer.setDecompressor(Compressors.GZIP);
    deframer.request(1);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    assertTimeout(Duration.ofSeconds(2), () -> deframer.deframe(wire));
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    // About maxMessageSize for the inflated chunks, plus the copy of the 100 KB input.
    assertTrue(allocated < 3 * MAX, "allocated " + allocated + " bytes");
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, recorder.failure.code());
    assertTrue(recorder.failure.description().startsWith("gRPC message exceeds maximum size "
        + MAX), recorder.failure.description());
    assertTrue(recorder.messages.isEmpty());
  }

  @Test
  void endOfStreamWithPartialMessageIsInternal() {
    deframer.request(1);
    ByteBuffer wire = frame(0, new byte[10]);
    deframer.deframe(wire.slice(0, 9));
    deframer.endOfStream();
    assertEquals(Status.Code.INTERNAL, recorder.failure.code());
    assertTrue(recorder.failure.description().contains("incomplete"));
    assertTrue(recorder.failure.description().contains("(4 of 10 bytes)"),
        recorder.failure.description());
    assertFalse(recorder.ended);
  }

  @Test
  void endOfStreamWithPartialPrefixIsInternal() {
    deframer.deframe(ByteBuffer.wrap(bytes(0, 0)));
    deframer.endOfStream();
    assertEquals(Status.Code.INTERNAL, recorder.failure.code());
  }

  @Test
  void endOfStreamDeliversQueuedMessagesBeforeEnding() {
    deframer.deframe(concat(frame(0, bytes(1)), frame(0, bytes(2))));
    deframer.endOfStream();
    assertFalse(recorder.ended);
    deframer.request(1);
    assertFalse(recorder.ended);
    deframer.request(1);
    assertEquals(2, recorder.messages.size());
    assertTrue(recorder.ended);
    assertNull(recorder.failure);
  }

  @Test
  void queuedMessagesComeBeforeThePartialMessageFailure() {
    deframer.deframe(concat(frame(0, bytes(1)), frame(0, new byte[10]).slice(0, 7)));
    deframer.endOfStream();
    assertNull(recorder.failure);
    deframer.request(1);
    assertEquals(1, recorder.messages.size());
    assertEquals(Status.Code.INTERNAL, recorder.failure.code());
    assertTrue(recorder.failure.description().contains("(2 of 10 bytes)"));
  }

  @Test
  void endOfStreamWithNothingBufferedEndsCleanly() {
    deframer.endOfStream();
    assertTrue(recorder.ended);
    assertNull(recorder.failure);
  }

  @Test
  void closeDropsBufferedDataAndDeliversNothingMore() {
    deframer.deframe(concat(frame(0, bytes(1)), frame(0, bytes(2))));
    deframer.close();
    assertEquals(0, deframer.bufferedBytes());
    deframer.request(2);
    deframer.deframe(frame(0, bytes(3)));
    assertTrue(recorder.messages.isEmpty());
    assertNull(recorder.failure);
  }

  @Test
  void requestMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> deframer.request(0));
  }

  private static ByteBuffer frame(int flag, byte[] body) {
    return ByteBuffer.allocate(5 + body.length).put((byte) flag).putInt(body.length).put(body)
        .flip();
  }

  private static ByteBuffer concat(ByteBuffer... parts) {
    int n = 0;
    for (ByteBuffer p : parts) {
      n += p.remaining();
    }
    ByteBuffer out = ByteBuffer.allocate(n);
    for (ByteBuffer p : parts) {
      out.put(p.duplicate());
    }
    return out.flip();
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static class Recorder implements MessageDeframer.Listener {
    final List<byte[]> messages = new ArrayList<>();
    final List<Integer> available = new ArrayList<>();
    int bytesRead;
    Status failure;
    int failures;
    boolean ended;

    @Override
    public void messageAvailable(InputStream message) {
      try {
        available.add(message.available());
        messages.add(message.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void bytesRead(int n) {
      bytesRead += n;
    }

    @Override
    public void deframeFailed(Status status) {
      failure = status;
      failures++;
    }

    @Override
    public void endOfMessages() {
      ended = true;
    }
  }
}
