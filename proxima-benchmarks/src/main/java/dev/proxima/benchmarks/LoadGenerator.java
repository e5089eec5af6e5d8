package dev.proxima.benchmarks;

import dev.proxima.CallOptions;
import dev.proxima.ChannelBuilder;
import dev.proxima.ClientCall;
import dev.proxima.ManagedChannel;
import dev.proxima.Metadata;
import dev.proxima.MethodDescriptor;
import dev.proxima.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives unary calls at a server, the role {@code ghz} plays for Go: closed loop (every slot starts
 * a new call as soon as its call ends) or open loop at a fixed rate (starts are scheduled on a
 * clock, and latency counts from the scheduled start, so a server that falls behind shows its
 * queueing instead of slowing the client down: no coordinated omission).
 *
 * <p>Call listeners run on the channels' event loops (a direct executor): no thread hop on the
 * client side. Which phase a call belongs to is decided by its start time: calls starting before
 * the warm-up ends are forgotten.
 */
public final class LoadGenerator {
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

  private final LoadOptions options;
  private final MethodDescriptor<byte[], Long> method;
  private final List<Lane> lanes = new ArrayList<>();
  private final PhaseStats warmupStats = new PhaseStats();
  private final PhaseStats measuredStats = new PhaseStats();
  private final AtomicLong permits;
  private volatile long measureStart;
  private volatile long measureEnd;

  public LoadGenerator(LoadOptions options) {
    this.options = options;
    this.method = MethodDescriptor.<byte[], Long>builder()
        .type(MethodDescriptor.Type.UNARY)
        .fullMethodName(options.method())
        .requestMarshaller(BytesMarshaller.INSTANCE)
        .responseMarshaller(DiscardingMarshaller.INSTANCE)
        .build();
    this.permits = new AtomicLong(options.count() > 0 ? options.count() : Long.MAX_VALUE);
  }

  /** Connects, checks one call per connection, applies the load and returns what it measured. */
  public LoadResult run() throws Exception {
    try {
      for (int i = 0; i < options.connections(); i++) {
        ManagedChannel ch = ChannelBuilder.forAddress(options.host(), options.port())
            .executor(Runnable::run)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
        lanes.add(new Lane(ch, options.streams()));
      }
      probe();
      long start = System.nanoTime();
      measureStart = start + options.warmup().toNanos();
      measureEnd = options.duration() == null ? Long.MAX_VALUE : measureStart + options.duration().toNanos();
      if (options.openLoop()) {
        runOpenLoop(start);
      } else {
        runClosedLoop();
      }
      long issuingEnded = System.nanoTime();
      int unsent = 0;
      for (Lane lane : lanes) {
        unsent += lane.clearBacklog();
      }
      int stillOpen = drain();
      long end = Math.max(measuredStats.lastEndNanos(), Math.min(issuingEnded, measureEnd));
      if (options.count() > 0) {
        end = measuredStats.lastEndNanos();
      }
      return new LoadResult(options, Math.max(1, end - measureStart), measuredStats.ok(),
          measuredStats.responseBytes(), measuredStats.errors(), measuredStats.firstDescriptions(), measuredStats.latency,
          warmupStats.latency.count(), unsent, stillOpen);
    } finally {
      for (Lane lane : lanes) {
        lane.channel.shutdownNow();
      }
    }
  }

  /** One call on each connection, so that connecting is not measured and a bad target fails fast. */
  private void probe() throws Exception {
    List<CompletableFuture<Status>> probes = new ArrayList<>();
    for (Lane lane : lanes) {
      CompletableFuture<Status> done = new CompletableFuture<>();
      ClientCall<byte[], Long> call = lane.channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(Duration.ofSeconds(10)));
      call.start(new ClientCall.Listener<>() {
        @Override
        public void onClose(Status status, Metadata trailers) {
          done.complete(status);
        }
      }, new Metadata());
      call.request(1);
      call.sendMessage(options.request());
      call.halfClose();
      probes.add(done);
    }
    for (CompletableFuture<Status> p : probes) {
      Status s = p.get(15, TimeUnit.SECONDS);
      if (!s.isOk()) {
        throw new IllegalStateException("the first call to " + options.host() + ":" + options.port() + " "
            + options.method() + " failed: " + s.code()
            + (s.description() == null ? "" : " (" + s.description() + ")"));
      }
    }
  }

  private void runClosedLoop() throws InterruptedException {
    for (Lane lane : lanes) {
      for (int s = 0; s < options.streams(); s++) {
        long now = System.nanoTime();
        if (mayStart(now) && lane.tryAcquire()) {
          startCall(lane, now);
        }
      }
    }
    waitUntilIssuingEnds();
  }

  private void runOpenLoop(long start) {
    double interval = 1e9 / options.rate();
    int n = lanes.size();
    for (long k = 0; ; k++) {
      long scheduled = start + (long) (k * interval);
      long wait;
      while ((wait = scheduled - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      if (!mayStart(scheduled)) {
        return;
      }
      lanes.get((int) (k % n)).submit(scheduled, this);
    }
  }

  /** Whether a call may start at {@code nanos}: before the end, and within --count. */
  private boolean mayStart(long nanos) {
    if (nanos >= measureEnd) {
      return false;
    }
    return nanos < measureStart || permits.getAndDecrement() > 0;
  }

  private void waitUntilIssuingEnds() throws InterruptedException {
    while (true) {
      long now = System.nanoTime();
      if (now >= measureEnd) {
        return;
      }
      if (options.count() > 0 && permits.get() <= 0) {
        return;
      }
      if (openCalls() == 0 && now >= measureStart) {
        return;
      }
      Thread.sleep(Math.max(1, Math.min(50, (measureEnd - now) / 1_000_000)));
    }
  }

  /** Waits for the calls still open; returns how many did not end within the drain timeout. */
  private int drain() throws InterruptedException {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    while (openCalls() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    return openCalls();
  }

  private int openCalls() {
    int n = 0;
    for (Lane lane : lanes) {
      n += lane.open();
    }
    return n;
  }

  /** Starts one call on {@code lane} (whose slot is taken), its latency counted from {@code startNanos}. */
  void startCall(Lane lane, long startNanos) {
    PhaseStats stats = startNanos < measureStart ? warmupStats : measuredStats;
    ClientCall<byte[], Long> call = lane.channel.newCall(method, CallOptions.DEFAULT);
    call.start(new Listener(lane, startNanos, stats), new Metadata());
    call.request(1);
    call.sendMessage(options.request());
    call.halfClose();
  }

  /** Records a call's end and, in closed loop, starts the next one in its slot. */
  private final class Listener extends ClientCall.Listener<Long> {
    private final Lane lane;
    private final long startNanos;
    private final PhaseStats stats;
    private long bytes;

    Listener(Lane lane, long startNanos, PhaseStats stats) {
      this.lane = lane;
      this.startNanos = startNanos;
      this.stats = stats;
    }

    @Override
    public void onMessage(Long size) {
      bytes += size;
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      long now = System.nanoTime();
      stats.record(status, now - startNanos, bytes, now);
      if (options.openLoop()) {
        lane.release();
        lane.pump(LoadGenerator.this);
      } else if (mayStart(now)) {
        startCall(lane, now);
      } else {
        lane.release();
      }
    }
  }
}
