package dev.proxima.internal.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.proxima.ChannelBuilder;
import dev.proxima.ManagedChannel;
import dev.proxima.MethodDescriptor;
import dev.proxima.RawBytesMethods;
import dev.proxima.ServerBuilder;
import dev.proxima.ServiceDefinition;
import dev.proxima.internal.call.ServerImpl;
import dev.proxima.stub.ClientCalls;
import dev.proxima.stub.ServerCalls;
import dev.proxima.CallOptions;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our gRPC server against hostile clients on real sockets: a few hundred seeded scenarios, each a
 * connection that sends valid unary requests a seeded {@link Mutation} or two have damaged
 * (flipped bits, lying lengths, frames on stream 0, reused ids, bad SETTINGS, windows of 0 or
 * past 2^31-1, truncated frames, ...). For every scenario the server
 *
 * <ul>
 *   <li>answers in bounded time: each request it owes an answer ends with END_STREAM or
 *       RST_STREAM, or a GOAWAY comes and the socket closes; silence while it owes one is a hang;
 *   <li>sends GOAWAY with a code RFC 9113 allows for what was sent, and a reason, then closes;
 *   <li>never resets with INTERNAL_ERROR, never sends on a stream the client did not open, never
 *       closes without a GOAWAY (unless the client said GOAWAY or closed its side, which it must
 *       follow by closing), and answers every untouched request as a well-behaved one;
 * </ul>
 *
 * <p>and all the while a well-behaved client on its own connection keeps completing echo calls,
 * no loop logs an unexpected exception, and after each batch the server holds the streams the
 * hostile clients left open and no others, then none once they are gone. At the end graceful
 * shutdown completes promptly.
 *
 * <p>Scenarios are deterministic by seed; a failure prints the seed and the octets in hex. To
 * replay some: {@code -Dproxima.hostile.seeds=0x5eed0000002a,0x5eed00000031}; to run more than the
 * usual {@value #SCENARIOS}: {@code -Dproxima.hostile.scenarios=5000}; to count the streams left open
 * scenario by scenario rather than by batches of 16: {@code -Dproxima.hostile.batch=1}.
 */
@Timeout(60)
class HostileClientTest {
  private static final long FIRST_SEED = 0x5eed_0000_0000L;
  private static final int SCENARIOS = 480;
  /** Scenarios run at once, each on its own connection and thread. */
  private static final int BATCH = Integer.getInteger("proxima.hostile.batch", 16);
  private static final MethodDescriptor<byte[], byte[]> ECHO =
      RawBytesMethods.method(HostileScript.PATH.substring(1), MethodDescriptor.Type.UNARY, "");
  /** RST_STREAM codes a server may answer a hostile request with; INTERNAL_ERROR means it broke. */
  private static final EnumSet<ErrorCode> RESET_CODES = EnumSet.of(ErrorCode.NO_ERROR, ErrorCode.PROTOCOL_ERROR,
      ErrorCode.FLOW_CONTROL_ERROR, ErrorCode.STREAM_CLOSED, ErrorCode.FRAME_SIZE_ERROR, ErrorCode.REFUSED_STREAM,
      ErrorCode.CANCEL);

  /** One scenario run: what was sent, what it obliged the server to, what came back. */
  private record Run(HostileScript script, ClientView view, HostileConnection connection) {
    String describe() {
      StringBuilder b = new StringBuilder(script.describe()).append("\n  expected: ").append(view)
          .append("\n  server sent").append(connection.closedByServer ? " (then closed)" : "").append(':');
      connection.replies.forEach(r -> b.append("\n    ").append(r));
      if (connection.readFailure != null) {
        b.append("\n    unreadable: ").append(connection.readFailure);
      }
      if (connection.writeFailure != null) {
        b.append("\n  (our write failed: ").append(connection.writeFailure).append(')');
      }
      return b.toString();
    }
  }

  @Test
  void hostileClientsGetClearErrorsAndHarmNoOtherCall() throws Exception {
    List<Long> seeds = seeds();
    List<String> failures = new ArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(BATCH);
    try (ThrownLogs thrown = ThrownLogs.capture()) {
      ServiceDefinition echo = ServiceDefinition.builder("test.Echo").addMethod(ECHO, ServerCalls.unaryCall(req -> req))
          .build();
      ServerImpl server = (ServerImpl) ServerBuilder.forPort(0).addService(echo).eventLoopThreads(2).build().start();
      ManagedChannel good = ChannelBuilder.forAddress("127.0.0.1", server.port()).build();
      try {
        assertEchoes(good, "before any hostile client");
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
        for (int from = 0; from < seeds.size(); from += BATCH) {
          List<Future<Run>> batch = new ArrayList<>();
          for (long seed : seeds.subList(from, Math.min(seeds.size(), from + BATCH))) {
            batch.add(clients.submit(() -> {
              HostileScript script = HostileScript.generate(seed);
              ClientView view = ClientView.of(script);
              return new Run(script, view, HostileConnection.run(address, script, view));
            }));
          }
          List<Run> runs = new ArrayList<>();
          for (Future<Run> f : batch) {
            runs.add(f.get(10, TimeUnit.SECONDS));
          }
          for (Run run : runs) {
            for (String broken : brokenRules(run)) {
              failures.add(broken + "\n" + run.describe());
            }
          }
          failures.addAll(streamsLeftOpen(server, runs));
          for (Run run : runs) {
            run.connection().close();
          }
          String batchName = "the hostile batch from seed 0x" + Long.toHexString(seeds.get(from));
          awaitEquals(1, server::connectionCount, "connections once " + batchName + " closed its own");
          assertEquals(0, server.activeStreamCount().get(2, TimeUnit.SECONDS), "streams once " + batchName + " left");
          assertEchoes(good, "after " + batchName);
          failures.addAll(thrown.drain());
          if (failures.size() > 100) {
            break;
          }
        }
        if (!failures.isEmpty()) {
          StringBuilder b = new StringBuilder(failures.size() + " broken rules:");
          failures.forEach(f -> b.append("\n  ").append(f, 0, f.indexOf('\n') < 0 ? f.length() : f.indexOf('\n')));
          b.append("\n\nThe first in full:\n\n")
              .append(String.join("\n\n", failures.subList(0, Math.min(5, failures.size()))));
          fail(b.toString());
        }
        server.shutdown();
        assertTrue(server.awaitTermination(Duration.ofSeconds(3)), "graceful shutdown waits on no hostile connection");
      } finally {
        good.shutdownNow();
        server.shutdownNow();
      }
    } finally {
      clients.shutdownNow();
    }
  }

  private static List<Long> seeds() {
    String replay = System.getProperty("proxima.hostile.seeds");
    List<Long> seeds = new ArrayList<>();
    if (replay != null && !replay.isBlank()) {
      for (String s : replay.split(",")) {
        s = s.trim();
        seeds.add(s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s));
      }
      return seeds;
    }
    int count = Integer.getInteger("proxima.hostile.scenarios", SCENARIOS);
    for (int i = 0; i < count; i++) {
      seeds.add(FIRST_SEED + i);
    }
    return seeds;
  }

  // ---------------------------------------------------------------- the rules, per scenario

  private static List<String> brokenRules(Run run) {
    List<String> broken = new ArrayList<>();
    HostileScript script = run.script();
    ClientView view = run.view();
    HostileConnection c = run.connection();
    if (c.readFailure != null) {
      broken.add("the server sent frames a client cannot read: " + c.readFailure);
    }
    RawPeer.GoAway goAway = c.goAway();
    EnumSet<ErrorCode> allowed = EnumSet.noneOf(ErrorCode.class);
    allowed.addAll(view.required);
    allowed.addAll(view.escalations);
    allowed.addAll(script.allowed);
    if (goAway != null) {
      if (!allowed.contains(goAway.code())) {
        broken.add("GOAWAY " + goAway.code() + " (" + goAway.debug() + ") where RFC 9113 allows " + allowed);
      }
      if (goAway.debug().isEmpty()) {
        broken.add("GOAWAY " + goAway.code() + " without a reason in its debug data");
      }
      if (!c.closedByServer && !script.closeAfterSending) {
        broken.add("GOAWAY " + goAway.code() + " but the connection stayed open");
      }
      if (goAway.lastStreamId() > view.maxOpened && !view.desync) {
        broken.add("GOAWAY names stream " + goAway.lastStreamId() + " processed, above any the client opened");
      }
    } else if (!view.required.isEmpty() && !script.closeAfterSending) {
      broken.add("no GOAWAY for " + view.requiredBecause + ": a connection error " + view.required);
    }
    if (script.closeAfterSending && !c.closedByServer) {
      broken.add("our side closed, but the server kept the connection open " + HostileConnection.QUIET_MILLIS
          + " ms on");
    }
    if (goAway == null && !script.closeAfterSending) {
      if (c.closedByServer && !view.clientGoAway) {
        broken.add("the server closed the connection without a GOAWAY saying why");
      }
      if (!c.closedByServer && !view.serverMayWait() && !c.barrierAcked) {
        broken.add("silence: the PING after the frames got no ACK within " + HostileConnection.QUIET_MILLIS + " ms");
      }
      for (int s : view.owed) {
        if (!c.answered(s)) {
          broken.add("hang: request stream " + s + " got neither an answer ending it nor RST_STREAM");
        }
      }
    }
    for (HostileConnection.Reply r : c.replies) {
      if (r.type() == FrameType.RST_STREAM && !RESET_CODES.contains((ErrorCode) r.detail())) {
        broken.add("RST_STREAM " + r.detail() + " on stream " + r.streamId());
      }
      if (r.streamId() != 0 && !view.desync && (r.streamId() % 2 == 0 || r.streamId() > view.maxOpened)) {
        broken.add(r.type() + " on stream " + r.streamId() + ", which the client never opened (RFC 9113 §5.1 idle)");
      }
      if (r.type() == FrameType.HEADERS && r.has(FrameFlags.END_STREAM) && r.header("grpc-status") == null
          && (r.header(":status") == null || r.header(":status").equals("200"))) {
        broken.add("stream " + r.streamId() + " ended without grpc-status or an HTTP error status: " + r);
      }
    }
    if (goAway == null && !script.closeAfterSending && !view.desync) {
      for (int s : script.requestIds()) {
        if (isUntouched(script, s) && view.endedByClient.contains(s) && !view.resetByClient.contains(s)
            && script.messages.get(s) != null) {
          String wrong = echoAnswerProblem(c, s, script.messages.get(s));
          if (wrong != null) {
            broken.add("untouched request on stream " + s + ": " + wrong);
          }
        }
      }
    }
    return broken;
  }

  /** Whether no mutation touched a frame of request {@code s} or on its stream. */
  private static boolean isUntouched(HostileScript script, int s) {
    return script.frames.stream().noneMatch(f -> (f.request == s || f.stream() == s) && f.mutation != null);
  }

  /** What is wrong with the answer on {@code s} to an echo request of {@code body}, or null. */
  private static String echoAnswerProblem(HostileConnection c, int s, byte[] body) {
    List<HostileConnection.Reply> on = c.replies.stream().filter(r -> r.streamId() == s).toList();
    List<HostileConnection.Reply> headers = on.stream().filter(r -> r.type() == FrameType.HEADERS).toList();
    if (headers.size() != 2) {
      return "expected response headers and trailers, got " + on;
    }
    if (!"200".equals(headers.get(0).header(":status")) || !"0".equals(headers.get(1).header("grpc-status"))) {
      return "expected :status 200 and grpc-status 0, got " + on;
    }
    ByteBuffer expected = ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(body.length).put(body);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    on.stream().filter(r -> r.type() == FrameType.DATA).forEach(r -> data.writeBytes((byte[]) r.detail()));
    return Arrays.equals(expected.array(), data.toByteArray()) ? null : "the echo differs: " + on;
  }

  // ---------------------------------------------------------------- the rules, per batch

  /**
   * The server holds the streams the hostile clients left open, no more: opened, not reset by
   * either side, and not ended by both. Counted over the connections still open whose frames the
   * client can follow; the others are closed first and must leave the server's books. A stream
   * whose request was damaged may still be reset after we stopped reading (a bad message found
   * when the call asks for it, on the call's thread), so it may or may not be there; an untouched
   * one must be.
   */
  private static List<String> streamsLeftOpen(ServerImpl server, List<Run> runs) throws Exception {
    int surely = 0;
    int maybe = 0;
    int connections = 1; // the well-behaved client's
    List<String> open = new ArrayList<>();
    for (Run run : runs) {
      HostileConnection c = run.connection();
      // After our GOAWAY the server closes once idle (RFC 9113 §6.8), maybe after we stopped reading.
      if (!c.isOpen() || run.view().desync || run.view().clientGoAway || c.goAway() != null
          || c.readFailure != null) {
        c.close();
        continue;
      }
      connections++;
      for (int s : run.view().opened) {
        boolean ended = run.view().endedByClient.contains(s) && c.endedByServer(s);
        if (!ended && !run.view().resetByClient.contains(s) && !c.resetByServer(s)) {
          if (isUntouched(run.script(), s)) {
            surely++;
          } else {
            maybe++;
          }
          open.add("0x" + Long.toHexString(run.script().seed) + ":" + s);
        }
      }
    }
    int expectedConnections = connections;
    boolean connectionsRight = awaitEquals(expectedConnections, server::connectionCount);
    int streams = server.activeStreamCount().get(2, TimeUnit.SECONDS);
    if (!connectionsRight || streams < surely || streams > surely + maybe) {
      StringBuilder b = new StringBuilder("the server holds " + server.connectionCount() + " connections and "
          + streams + " streams; the clients left " + expectedConnections + " and " + surely + " (+ " + maybe
          + " damaged) open " + open + ":");
      for (Run run : runs) {
        b.append("\n\n").append(run.describe());
      }
      return List.of(b.toString());
    }
    return List.of();
  }

  private static void awaitEquals(int expected, IntSupplier actual, String what) throws InterruptedException {
    awaitEquals(expected, actual);
    assertEquals(expected, actual.getAsInt(), what);
  }

  /** Whether {@code actual} reaches {@code expected} within 2 s. */
  private static boolean awaitEquals(int expected, IntSupplier actual) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (actual.getAsInt() != expected && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return actual.getAsInt() == expected;
  }

  private static void assertEchoes(ManagedChannel channel, String when) throws Exception {
    for (int i = 0; i < 3; i++) {
      byte[] request = ("well-behaved " + i + " " + when).getBytes(StandardCharsets.UTF_8);
      byte[] reply = ClientCalls.blockingUnaryCall(channel, ECHO,
          CallOptions.DEFAULT.withDeadlineAfter(Duration.ofSeconds(5)), request);
      assertArrayEquals(request, reply, "the well-behaved client's echo " + when);
    }
  }
}
