package dev.proxima.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real loopback echo server on the loops, driven by blocking client sockets. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ServerAcceptorTest {
  private final EventLoopGroup group = new EventLoopGroup(3, "acceptor-loop", true);
  private final Queue<RecordingHandler> handlers = new ConcurrentLinkedQueue<>();
  private final ServerAcceptor acceptor;

  ServerAcceptorTest() throws IOException {
    acceptor = ServerAcceptor.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> {
      RecordingHandler h = RecordingHandler.echo();
      handlers.add(h);
      return h;
    });
  }

  @AfterEach
  void tearDown() {
    acceptor.close();
    group.close();
  }

  @Test
  void bindToPortZeroReportsTheActualPort() {
    assertTrue(acceptor.localAddress().getPort() > 0);
    assertEquals(InetAddress.getLoopbackAddress(), acceptor.localAddress().getAddress());
  }

  @Test
  void echoesOverManyConnectionsSpreadRoundRobinOverTheLoops() throws Exception {
    int connections = 60;
    Socket[] clients = new Socket[connections];
    byte[][] payloads = new byte[connections][];
    Random random = new Random(3);
    for (int i = 0; i < connections; i++) {
      clients[i] = new Socket(InetAddress.getLoopbackAddress(), acceptor.localAddress().getPort());
      payloads[i] = new byte[1 + random.nextInt(20_000)];
      random.nextBytes(payloads[i]);
      clients[i].getOutputStream().write(payloads[i]);
    }
    for (int i = 0; i < connections; i++) {
      assertArrayEquals(payloads[i], clients[i].getInputStream().readNBytes(payloads[i].length));
      clients[i].close();
    }
    Set<EventLoop> used = handlers.stream().map(h -> h.connection.loop()).collect(Collectors.toSet());
    assertEquals(Set.copyOf(group.loops()), used);
    for (RecordingHandler h : handlers) {
      h.closed.get(2, TimeUnit.SECONDS);
      assertTrue(!h.wrongThread);
    }
  }

  @Test
  void echoesSeveralMegabytesThroughPartialWritesAndOnWritable() throws Exception {
    byte[] payload = new byte[24 * 1024 * 1024];
    new Random(5).nextBytes(payload);
    try (Socket client = new Socket()) {
      // A small receive window makes the server's socket fill up: partial writes, OP_WRITE.
      client.setReceiveBufferSize(32 * 1024);
      client.connect(acceptor.localAddress());
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          client.getOutputStream().write(payload);
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      Thread.sleep(100); // let the server run into a full socket before we read
      InputStream in = client.getInputStream();
      byte[] echoed = in.readNBytes(payload.length);
      writer.get(5, TimeUnit.SECONDS);
      assertArrayEquals(payload, echoed);
    }
    RecordingHandler h = handlers.peek();
    assertTrue(h.pauses.get() > 0, "the socket never filled up");
    assertTrue(h.writableCalls.get() > 0, "onWritable never called");
  }

  @Test
  void closeStopsAcceptingButExistingConnectionsLiveOn() throws Exception {
    try (Socket client = new Socket(InetAddress.getLoopbackAddress(), acceptor.localAddress().getPort())) {
      client.getOutputStream().write(new byte[] {1, 2});
      assertArrayEquals(new byte[] {1, 2}, client.getInputStream().readNBytes(2));
      acceptor.close();
      acceptor.close();
      Thread.sleep(50);
      assertThrows(IOException.class,
          () -> new Socket(InetAddress.getLoopbackAddress(), acceptor.localAddress().getPort()).close());
      client.getOutputStream().write(new byte[] {3});
      assertEquals(3, client.getInputStream().read());
    }
  }

  @Test
  void bindToAPortInUseFails() {
    assertThrows(IOException.class, () -> ServerAcceptor.bind(group, acceptor.localAddress(),
        RecordingHandler::echo).close());
  }

  @Test
  void groupCloseClosesAcceptedConnectionsAndTellsTheirHandlers() throws Exception {
    List<Socket> clients = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Socket s = new Socket(InetAddress.getLoopbackAddress(), acceptor.localAddress().getPort());
      s.getOutputStream().write(9);
      assertEquals(9, s.getInputStream().read());
      clients.add(s);
    }
    group.close();
    for (RecordingHandler h : handlers) {
      assertEquals(java.util.Optional.empty(), h.closed.getNow(null));
    }
    for (Socket s : clients) {
      assertEquals(-1, s.getInputStream().read());
      s.close();
    }
  }
}
