package dev.proxima.internal.grpc;

import java.lang.management.ManagementFactory;

/**
 * What the current thread has allocated, to check that a claimed length is not allocated before
 * its bytes arrive.
 */
final class Allocations {
  private Allocations() {}

  static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
