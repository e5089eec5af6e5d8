package dev.proxima.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connections of a loop against plain blocking sockets on 127.0.0.1. */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class NioConnectionTest {
  private final EventLoopGroup group = new EventLoopGroup(1, "conn-loop", true);
  private final EventLoop loop = group.next();
  private final ServerSocket server;

  NioConnectionTest() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void tearDown() throws IOException {
    group.close();
    server.close();
  }

  private InetSocketAddress serverAddress() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
  }

  @Test
  void flushLaterCoalescesManySmallWritesOfOneTurnIntoOneGatheringWrite() throws Exception {
    RecordingHandler handler = RecordingHandler.recording();
    NioConnection c = loop.connect(serverAddress(), handler).get(2, TimeUnit.SECONDS);
    try (Socket peer = server.accept()) {
      long before = onLoop(c::writeSyscalls);
      int frames = 200;
      loop.execute(() -> {
        for (int i = 0; i < frames; i++) {
          c.outbound().writeInt(i);
          c.flushLater();
        }
      });
      byte[] got = peer.getInputStream().readNBytes(frames * 4);
      ByteBuffer b = ByteBuffer.wrap(got);
      for (int i = 0; i < frames; i++) {
        assertEquals(i, b.getInt());
      }
      assertEquals(1, onLoop(c::writeSyscalls) - before);
    }
  }

  @Test
  void largeDetachedAndSmallWritesOfOneTurnGoOutInOneWriteInOrder() throws Exception {
    NioConnection c = loop.connect(serverAddress(), RecordingHandler.recording()).get(2, TimeUnit.SECONDS);
    try (Socket peer = server.accept()) {
      byte[] big = new byte[8192];
      java.util.Arrays.fill(big, (byte) 7);
      loop.execute(() -> {
        c.outbound().writeByte(1);
        c.flushLater();
        c.outbound().appendDetached(ByteBuffer.wrap(big.clone()));
        c.flushLater();
        c.outbound().writeByte(2);
        c.flushLater();
      });
      byte[] got = peer.getInputStream().readNBytes(big.length + 2);
      assertEquals(1, got[0]);
      assertEquals(7, got[1]);
      assertEquals(2, got[got.length - 1]);
      assertEquals(1, onLoop(c::writeSyscalls));
    }
  }

  @Test
  void readsReachTheHandlerOnTheLoopThread() throws Exception {
    RecordingHandler handler = RecordingHandler.recording();
    loop.connect(serverAddress(), handler).get(2, TimeUnit.SECONDS);
    byte[] payload = new byte[300_000];
    new java.util.Random(1).nextBytes(payload);
    try (Socket peer = server.accept()) {
      peer.getOutputStream().write(payload);
      while (handler.receivedCount() < payload.length) {
        Thread.sleep(5);
      }
      assertArrayEquals(payload, handler.received());
      assertFalse(handler.wrongThread);
    }
  }

  @Test
  void connectToAClosedPortCompletesExceptionally() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    RecordingHandler handler = RecordingHandler.recording();
    CompletableFuture<NioConnection> f =
        loop.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), handler);
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(2, TimeUnit.SECONDS));
    assertInstanceOf(IOException.class, e.getCause());
    assertFalse(handler.registered.isDone());
    assertFalse(handler.opened.isDone());
    assertEquals(0, handler.closedCalls.get());
  }

  @Test
  void connectSetsAddressesAndCallsOnOpenBeforeTheFutureCompletes() throws Exception {
    RecordingHandler handler = RecordingHandler.recording();
    NioConnection c = loop.connect(serverAddress(), handler).get(2, TimeUnit.SECONDS);
    assertTrue(handler.opened.isDone());
    assertTrue(c.isOpen());
    assertTrue(c.isWritable());
    assertEquals(serverAddress(), c.remoteAddress());
    assertEquals(InetAddress.getLoopbackAddress(), ((InetSocketAddress) c.localAddress()).getAddress());
    server.accept().close();
  }

  @Test
  void aConnectedSocketIsRegisteredThenOpenedWithTheSameConnection() throws Exception {
    RecordingHandler handler = RecordingHandler.recording();
    NioConnection c = loop.connect(serverAddress(), handler).get(2, TimeUnit.SECONDS);
    assertSame(c, handler.registered.getNow(null));
    assertSame(c, handler.opened.getNow(null));
    assertEquals(List.of("registered", "open"), handler.calls);
    assertFalse(handler.wrongThread);
    server.accept().close();
  }

  @Test
  void anAcceptedSocketIsRegisteredThenOpenedWithTheSameConnection() throws Exception {
    RecordingHandler handler = RecordingHandler.recording();
    try (ServerSocketChannel listener = ServerSocketChannel.open();
        Socket peer = new Socket()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      peer.connect(listener.getLocalAddress());
      loop.register(listener.accept(), handler);
      Connection c = handler.opened.get(2, TimeUnit.SECONDS);
      assertInstanceOf(NioConnection.class, c);
      assertSame(c, handler.registered.getNow(null));
      assertEquals(List.of("registered", "open"), handler.calls);
      assertFalse(handler.wrongThread);
    }
  }

  @Test
  void aHandlerThatClosesWhenRegisteredIsNeverOpened() throws Exception {
    RecordingHandler handler = RecordingHandler.recording();
    handler.closeWhenRegistered = true;
    NioConnection c = loop.connect(serverAddress(), handler).get(2, TimeUnit.SECONDS);
    try (Socket peer = server.accept()) {
      assertEquals(Optional.empty(), handler.closed.get(2, TimeUnit.SECONDS));
      assertFalse(c.isOpen());
      assertFalse(handler.opened.isDone());
      assertEquals(List.of("registered", "closed"), handler.calls);
      assertEquals(-1, peer.getInputStream().read());
    }
  }

  @Test
  void peerCloseCallsOnClosedWithNull() throws Exception {
    RecordingHandler handler = RecordingHandler.recording();
    NioConnection c = loop.connect(serverAddress(), handler).get(2, TimeUnit.SECONDS);
    server.accept().close();
    assertEquals(Optional.empty(), handler.closed.get(2, TimeUnit.SECONDS));
    assertFalse(c.isOpen());
    assertEquals(1, handler.closedCalls.get());
  }

  @Test
  void closeFromAnotherThreadIsIdempotentAndFlushesQueuedBytes() throws Exception {
    RecordingHandler handler = RecordingHandler.recording();
    NioConnection c = loop.connect(serverAddress(), handler).get(2, TimeUnit.SECONDS);
    try (Socket peer = server.accept()) {
      loop.execute(() -> c.outbound().write(new byte[] {1, 2, 3})); // queued, no flushLater
      c.close();
      c.close();
      assertEquals(Optional.empty(), handler.closed.get(2, TimeUnit.SECONDS));
      InputStream in = peer.getInputStream();
      assertArrayEquals(new byte[] {1, 2, 3}, in.readNBytes(3));
      assertEquals(-1, in.read());
      Thread.sleep(20);
      assertEquals(1, handler.closedCalls.get());
    }
  }

  @Test
  void handlerExceptionClosesOnlyThatConnection() throws Exception {
    RecordingHandler good = RecordingHandler.recording();
    IllegalStateException boom = new IllegalStateException("handler bug (expected by the test)");
    RecordingHandler bad = new RecordingHandler(false) {
      @Override
      public void onRead(ByteBuffer data) {
        throw boom;
      }
    };
    loop.connect(serverAddress(), good).get(2, TimeUnit.SECONDS);
    try (Socket goodPeer = server.accept()) {
      loop.connect(serverAddress(), bad).get(2, TimeUnit.SECONDS);
      try (Socket badPeer = server.accept()) {
        badPeer.getOutputStream().write(1);
        assertEquals(Optional.of(boom), bad.closed.get(2, TimeUnit.SECONDS));
        assertEquals(-1, badPeer.getInputStream().read());
        goodPeer.getOutputStream().write(new byte[] {4, 5});
        while (good.receivedCount() < 2) {
          Thread.sleep(5);
        }
        assertTrue(good.connection.isOpen());
        assertFalse(good.closed.isDone());
      }
    }
  }

  @Test
  void flushLaterOffTheLoopThreadIsRejected() throws Exception {
    NioConnection c = loop.connect(serverAddress(), RecordingHandler.recording()).get(2, TimeUnit.SECONDS);
    assertThrows(IllegalStateException.class, c::flushLater);
    server.accept().close();
  }

  @Test
  void fullSocketMakesTheConnectionUnwritableUntilThePeerDrainsIt() throws Exception {
    RecordingHandler handler = RecordingHandler.recording();
    NioConnection c = loop.connect(serverAddress(), handler).get(2, TimeUnit.SECONDS);
    try (Socket peer = server.accept()) {
      int total = 32 * 1024 * 1024;
      loop.execute(() -> {
        c.outbound().appendDetached(ByteBuffer.allocate(total));
        c.flushLater();
      });
      while (c.isWritable()) {
        Thread.sleep(1);
      }
      assertEquals(0, handler.writableCalls.get());
      assertEquals(total, peer.getInputStream().readNBytes(total).length);
      while (handler.writableCalls.get() == 0) {
        Thread.sleep(1);
      }
      assertTrue(c.isWritable());
    }
  }

  @Test
  void whatAFullSocketLeavesGoesOutInOrderAndTheLoopsWriteArrayIsLeftEmpty() throws Exception {
    NioConnection c = loop.connect(serverAddress(), RecordingHandler.recording()).get(2, TimeUnit.SECONDS);
    try (Socket peer = server.accept()) {
      int chunks = 40; // more than the loop's first write array holds, with small chunks between
      int size = 1 << 20; // 40 MiB: more than the socket takes at once
      loop.execute(() -> {
        for (int i = 0; i < chunks; i++) {
          byte[] b = new byte[size];
          java.util.Arrays.fill(b, (byte) i);
          c.outbound().appendDetached(ByteBuffer.wrap(b));
          c.outbound().writeByte(i);
        }
        c.flushLater();
      });
      while (c.isWritable()) {
        Thread.sleep(1);
      }
      loop.execute(() -> { // queued behind the rest: written after it, by the merging path
        c.outbound().writeByte(0x55);
        c.flushLater();
      });
      InputStream in = peer.getInputStream();
      for (int i = 0; i < chunks; i++) {
        byte[] got = in.readNBytes(size + 1);
        for (byte b : got) {
          assertEquals((byte) i, b, "chunk " + i);
        }
      }
      assertEquals(0x55, in.read());
      assertTrue(onLoop(() -> java.util.Arrays.stream(loop.writeArray(0)).allMatch(b -> b == null)));
    }
  }

  private <T> T onLoop(java.util.function.Supplier<T> s) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.execute(() -> f.complete(s.get()));
    return f.get(2, TimeUnit.SECONDS);
  }
}
