package dev.proxima.internal.grpc;

import static dev.proxima.internal.grpc.Allocations.allocatedBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.Status;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Sharp edges of {@link MessageDeframer} that MessageDeframerTest does not already pin down (it
 * covers a length over the limit, 2^32-1 with a 4 MiB limit, flag 2, compressed without or with
 * identity encoding, and truncated messages and prefixes at the end of the stream). {@link
 * MessageDeframerHostileInputTest} puts the same rules to seeded random input.
 */
class MessageDeframerEdgeCasesTest {
  @Test
  void lengthOf2To31IsResourceExhaustedEvenUnderTheLargestLimit() {
    // 2^31 does not fit an int: read as one it would be negative, and below any limit.
    RecordingListener recorder = new RecordingListener();
    MessageDeframer deframer = new MessageDeframer(Integer.MAX_VALUE, recorder);
    deframer.request(1);
    deframer.deframe(ByteBuffer.wrap(new byte[] {0, (byte) 0x80, 0, 0, 0}));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, recorder.failure.code());
    assertEquals("gRPC message exceeds maximum size " + Integer.MAX_VALUE + ": 2147483648",
        recorder.failure.description());
  }

  @Test
  void aClaimedLengthIsNotAllocatedBeforeItsBytesArrive() {
    // A prefix claiming 2^31-1 octets under the largest limit is accepted; the peer may never send
    // them, so what the deframer holds must grow with what arrives, not with what is claimed.
    RecordingListener recorder = new RecordingListener();
    MessageDeframer deframer = new MessageDeframer(Integer.MAX_VALUE, recorder);
    deframer.request(1);
    long before = allocatedBytes();
    deframer.deframe(ByteBuffer.wrap(new byte[] {0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
    for (int i = 0; i < 10; i++) {
      deframer.deframe(ByteBuffer.wrap(new byte[1000]));
    }
    long allocated = allocatedBytes() - before;
    assertTrue(allocated < 1 << 20, "allocated " + allocated + " bytes for 10005 received");
    assertEquals(10_000, deframer.bufferedBytes());
    assertEquals(10_005, recorder.bytesRead, "a requested message is released as it arrives");
    assertNull(recorder.failure);
    deframer.endOfStream();
    assertEquals(Status.Code.INTERNAL, recorder.failure.code());
    assertTrue(recorder.failure.description().contains("(10000 of 2147483647 bytes)"),
        recorder.failure.description());
  }

  @Test
  void everyCompressedFlagOtherThanZeroOrOneIsInternal() {
    for (int flag = 2; flag < 256; flag++) {
      RecordingListener recorder = new RecordingListener();
      MessageDeframer deframer = new MessageDeframer(1024, recorder);
      deframer.setDecompressor(Compressors.GZIP);
      deframer.request(1);
      deframer.deframe(ByteBuffer.wrap(new byte[] {(byte) flag, 0, 0, 0, 0}));
      assertEquals(Status.Code.INTERNAL, recorder.failure.code(), "flag " + flag);
      assertTrue(recorder.messages.isEmpty());
    }
  }
}
