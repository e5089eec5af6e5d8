package dev.proxima.benchmarks;

import dev.proxima.Server;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * {@link BenchServer} in a JVM that reports what it has allocated: for each line read on standard
 * input it prints {@code allocated=BYTES}, the bytes allocated so far by all its live threads
 * ({@code com.sun.management.ThreadMXBean}). A script reads it before and after a load run and
 * divides by the calls made (bench/server-alloc.sh). Ends at end of input.
 *
 * <pre>
 *   java -cp CP dev.proxima.benchmarks.AllocationServer PORT
 * </pre>
 */
public final class AllocationServer {
  private AllocationServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: AllocationServer PORT");
      System.exit(2);
    }
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Server server = BenchServer.start("127.0.0.1", Integer.parseInt(args[0]), 0);
    System.out.println("port=" + server.port());
    System.out.flush();
    var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (in.readLine() != null) {
      long total = 0;
      for (long id : threads.getAllThreadIds()) {
        long bytes = threads.getThreadAllocatedBytes(id);
        total += Math.max(0, bytes); // -1 for a thread that ended meanwhile
      }
      System.out.println("allocated=" + total);
      System.out.flush();
    }
    server.shutdownNow();
  }
}
