package dev.proxima.bench.clientload;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * The process's counters at one instant: CPU time of all its threads (event loops, GC and JIT
 * included), the bytes all its threads have allocated, the time spent compiling and collecting,
 * with the calls completed so far. Two readings bracket the measured window; compile and GC time
 * within it tell whether the client was still warming up or collecting.
 *
 * @param allocatedBytes -1 when the JVM does not count allocation per thread
 * @param compileMillis -1 when the JVM does not report compilation time
 */
record ProcessMeter(long nanos, long cpuNanos, long allocatedBytes, long compileMillis, long gcMillis,
    long completedCalls) {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  static ProcessMeter read(long completedCalls) {
    boolean allocation = THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    return new ProcessMeter(System.nanoTime(), OS.getProcessCpuTime(),
        allocation ? THREADS.getTotalThreadAllocatedBytes() : -1,
        JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : -1,
        gcMillis, completedCalls);
  }
}
