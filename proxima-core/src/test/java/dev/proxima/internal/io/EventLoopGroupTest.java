package dev.proxima.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.SECONDS)
class EventLoopGroupTest {

  private static List<Thread> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix + "-"))
        .collect(Collectors.toList());
  }

  @Test
  void threadsAreNamedPrefixDashIndexAndEndOnClose() {
    EventLoopGroup group = new EventLoopGroup(3, "proxima-loop", true);
    Set<String> names = group.loops().stream().map(l -> l.thread().getName()).collect(Collectors.toSet());
    assertEquals(Set.of("proxima-loop-0", "proxima-loop-1", "proxima-loop-2"), names);
    assertEquals(3, threadsNamed("proxima-loop").stream().filter(Thread::isAlive).count());
    group.close();
    assertTrue(threadsNamed("proxima-loop").stream().noneMatch(Thread::isAlive));
    for (EventLoop l : group.loops()) {
      assertFalse(l.thread().isAlive());
      assertFalse(l.isRunning());
    }
  }

  @Test
  void daemonFlagIsHonoured() {
    try (EventLoopGroup daemons = new EventLoopGroup(1, "daemon-loop", true);
        EventLoopGroup users = new EventLoopGroup(1, "user-loop", false)) {
      assertTrue(daemons.loops().get(0).thread().isDaemon());
      assertFalse(users.loops().get(0).thread().isDaemon());
    }
  }

  @Test
  void nextIsRoundRobin() {
    try (EventLoopGroup group = new EventLoopGroup(3, "rr-loop", true)) {
      List<EventLoop> seen = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        seen.add(group.next());
      }
      List<EventLoop> loops = group.loops();
      assertEquals(List.of(loops.get(0), loops.get(1), loops.get(2), loops.get(0), loops.get(1), loops.get(2)), seen);
    }
  }

  @Test
  void closeCallsOnClosedOnOpenConnectionsAndIsIdempotent() throws Exception {
    EventLoopGroup group = new EventLoopGroup(2, "close-loop", true);
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<RecordingHandler> handlers = new ArrayList<>();
      List<Socket> peers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        RecordingHandler h = RecordingHandler.recording();
        group.next().connect(server.getLocalSocketAddress(), h).get(2, TimeUnit.SECONDS);
        peers.add(server.accept());
        handlers.add(h);
      }
      group.close();
      group.close();
      assertTrue(group.isClosed());
      for (RecordingHandler h : handlers) {
        assertEquals(Optional.empty(), h.closed.getNow(null));
        assertEquals(1, h.closedCalls.get());
        assertFalse(h.connection.isOpen());
      }
      for (Socket p : peers) {
        assertEquals(-1, p.getInputStream().read());
        p.close();
      }
      assertTrue(threadsNamed("close-loop").stream().noneMatch(Thread::isAlive));
    }
  }

  @Test
  void closeFromALoopThreadDoesNotDeadlock() throws Exception {
    EventLoopGroup group = new EventLoopGroup(2, "self-close-loop", true);
    group.loops().get(0).execute(group::close);
    for (EventLoop l : group.loops()) {
      l.thread().join(2000);
      assertFalse(l.thread().isAlive());
    }
  }

  @Test
  void defaultThreadsIsTheProcessorCount() {
    assertEquals(Runtime.getRuntime().availableProcessors(), EventLoopGroup.defaultThreads());
  }

  @Test
  void nonPositiveThreadCountIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new EventLoopGroup(0, "x", true));
  }

  @Test
  void connectAfterCloseFailsAndRegisterClosesTheChannel() throws IOException {
    EventLoopGroup group = new EventLoopGroup(1, "after-close-loop", true);
    group.close();
    EventLoop loop = group.next();
    assertTrue(loop.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 1),
        RecordingHandler.recording()).isCompletedExceptionally());
    java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open();
    loop.register(ch, RecordingHandler.recording());
    assertFalse(ch.isOpen());
  }
}
