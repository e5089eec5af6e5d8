package dev.proxima.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.TestCertificates;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TlsHandler below a plain byte echo: partial records, socket backpressure, our TLS client. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TlsHandlerTest {
  @TempDir
  static Path certs;

  private final EventLoopGroup group = new EventLoopGroup(2, "tls-loop", true);
  private final Queue<RecordingHandler> handlers = new ConcurrentLinkedQueue<>();
  private ServerAcceptor acceptor;

  @BeforeAll
  static void copyCertificates() throws Exception {
    TestCertificates.copy(certs, "ca.pem", "server1.pem", "server1.key");
  }

  @AfterEach
  void tearDown() {
    if (acceptor != null) {
      acceptor.close();
    }
    group.close();
  }

  private void startEchoServer() throws Exception {
    TlsEngines engines = TlsEngines.server(certs.resolve("server1.pem"), certs.resolve("server1.key"), null);
    acceptor = ServerAcceptor.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> {
      RecordingHandler h = RecordingHandler.echo();
      handlers.add(h);
      return new TlsHandler(engines.newServerEngine("h2"), "h2", h);
    });
  }

  private static SSLContext trustingTestCa() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("ca", PemFiles.readCertificates(certs.resolve("ca.pem")).get(0));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  /** A client TLS handler that trusts the test CA and checks the server's name, around {@code inner}. */
  private static TlsHandler trustingClient(ConnectionHandler inner) throws Exception {
    TlsEngines client = TlsEngines.client(certs.resolve("ca.pem"), null, null);
    return new TlsHandler(client.newClientEngine("foo.test.google.fr", 0, "h2"), "h2", inner);
  }

  @Test
  void echoesMegabytesThroughPartialRecordsAndBackpressure() throws Exception {
    startEchoServer();
    byte[] payload = new byte[6 << 20];
    new Random(7).nextBytes(payload);
    try (SSLSocket s = (SSLSocket) trustingTestCa().getSocketFactory()
        .createSocket(InetAddress.getLoopbackAddress(), acceptor.localAddress().getPort())) {
      SSLParameters p = s.getSSLParameters();
      p.setApplicationProtocols(new String[] {"h2"});
      s.setSSLParameters(p);
      s.startHandshake();
      assertEquals("h2", s.getApplicationProtocol());
      // Write in odd-sized pieces from another thread while reading the echo here.
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          OutputStream out = s.getOutputStream();
          Random r = new Random(1);
          for (int at = 0; at < payload.length; ) {
            int n = Math.min(payload.length - at, 1 + r.nextInt(40_000));
            out.write(payload, at, n);
            at += n;
          }
          out.flush();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      byte[] echoed = s.getInputStream().readNBytes(payload.length);
      writer.get(10, TimeUnit.SECONDS);
      assertArrayEquals(payload, echoed);
    }
    RecordingHandler h = handlers.peek();
    assertFalse(h.wrongThread);
    assertEquals(Optional.empty(), h.closed.get(5, TimeUnit.SECONDS)); // close_notify: a clean close
  }

  @Test
  void ourClientTalksToOurServerAndSeesThePeerCloseCleanly() throws Exception {
    startEchoServer();
    RecordingHandler inner = RecordingHandler.recording();
    TlsHandler tls = trustingClient(inner);
    EventLoop loop = group.next();
    loop.connect(acceptor.localAddress(), tls).get(5, TimeUnit.SECONDS);
    Connection c = inner.opened.get(5, TimeUnit.SECONDS);
    assertInstanceOf(Connection.class, c);
    byte[] message = "hello over tls".getBytes();
    loop.execute(() -> {
      c.outbound().write(ByteBuffer.wrap(message));
      c.flushLater();
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (inner.receivedCount() < message.length && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertArrayEquals(message, inner.received());
    handlers.peek().connection.close(); // the server closes: close_notify reaches us
    assertEquals(Optional.empty(), inner.closed.get(5, TimeUnit.SECONDS));
  }

  @Test
  void handshakeFailureReachesTheInnerHandlerThatWasNeverOpened() throws Exception {
    startEchoServer();
    TlsEngines client = TlsEngines.client((Pem) null, null, null); // default trust: not our test CA
    RecordingHandler inner = RecordingHandler.recording();
    group.next().connect(acceptor.localAddress(),
        new TlsHandler(client.newClientEngine("foo.test.google.fr", 0, "h2"), "h2", inner));
    Optional<Throwable> cause = inner.closed.get(5, TimeUnit.SECONDS);
    assertTrue(cause.isPresent());
    assertInstanceOf(SSLException.class, cause.get());
    assertFalse(inner.opened.isDone());
  }

  @Test
  void aPeerThatNeverCompletesTheHandshakeIsClosed() throws Exception {
    TlsEngines engines = TlsEngines.server(certs.resolve("server1.pem"), certs.resolve("server1.key"), null);
    acceptor = ServerAcceptor.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> {
      RecordingHandler h = RecordingHandler.recording();
      handlers.add(h);
      return new TlsHandler(engines.newServerEngine("h2"), "h2", h, 300);
    });
    try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), acceptor.localAddress().getPort())) {
      s.setSoTimeout(5000);
      long start = System.nanoTime();
      // Silent client: the server hangs up, at most after an alert record (content type 21).
      byte[] got = s.getInputStream().readAllBytes();
      assertTrue(got.length == 0 || got[0] == 21, () -> "unexpected bytes: " + got.length);
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4));
    }
    Optional<Throwable> cause = handlers.peek().closed.get(5, TimeUnit.SECONDS);
    assertTrue(cause.isPresent() && cause.get().getMessage().contains("not finished within 300 ms"),
        cause::toString);
  }

  @Test
  void theInnerHandlerIsRegisteredWithItsPlaintextConnectionBeforeTheHandshake() throws Exception {
    startEchoServer();
    RecordingHandler inner = RecordingHandler.recording();
    TlsHandler tls = trustingClient(inner);
    NioConnection socket = group.next().connect(acceptor.localAddress(), tls).get(5, TimeUnit.SECONDS);
    Connection plaintext = inner.opened.get(5, TimeUnit.SECONDS);
    assertSame(plaintext, inner.registered.getNow(null), "onOpen gets the connection onRegistered got");
    assertNotSame(socket, plaintext, "the inner handler never sees the socket itself");
    assertEquals(List.of("registered", "open"), inner.calls);
    assertFalse(inner.wrongThread);
    RecordingHandler serverInner = handlers.peek();
    serverInner.opened.get(5, TimeUnit.SECONDS);
    assertSame(serverInner.registered.getNow(null), serverInner.opened.getNow(null));
    assertEquals(List.of("registered", "open"), serverInner.calls);
  }

  @Test
  void theInnerHandlerClosingMidHandshakeClosesTheSocketAtOnce() throws Exception {
    startEchoServer(); // default handshake timeout: 10 s
    try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), acceptor.localAddress().getPort())) {
      s.setSoTimeout(3000);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (handlers.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      RecordingHandler inner = handlers.peek();
      inner.registered.get(5, TimeUnit.SECONDS).close(); // from this thread: hops to the loop
      long start = System.nanoTime();
      byte[] got = s.getInputStream().readAllBytes(); // a SocketTimeoutException if it stays open
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
      assertTrue(got.length == 0 || got[0] == 21, () -> "expected nothing or an alert, got " + got.length);
      // Closed by its own handler: no error to report, and never opened.
      assertEquals(Optional.empty(), inner.closed.get(5, TimeUnit.SECONDS));
      assertFalse(inner.opened.isDone());
      assertEquals(List.of("registered", "closed"), inner.calls);
    }
  }

  @Test
  void anInnerHandlerThatClosesWhenRegisteredSendsNoHello() throws Exception {
    try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      RecordingHandler inner = RecordingHandler.recording();
      inner.closeWhenRegistered = true;
      NioConnection socket = group.next().connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
          listener.getLocalPort()), trustingClient(inner)).get(5, TimeUnit.SECONDS);
      try (java.net.Socket peer = listener.accept()) {
        peer.setSoTimeout(3000);
        byte[] got = peer.getInputStream().readAllBytes();
        assertTrue(got.length == 0 || got[0] == 21, () -> "expected no ClientHello, got " + got.length + " bytes");
      }
      assertFalse(socket.isOpen());
      assertEquals(Optional.empty(), inner.closed.get(5, TimeUnit.SECONDS));
      assertFalse(inner.opened.isDone());
      assertEquals(List.of("registered", "closed"), inner.calls);
    }
  }

  @Test
  void cipherSuitePolicyFollowsRfc9113() {
    assertTrue(TlsEngines.allowed("TLS_AES_128_GCM_SHA256"));
    assertTrue(TlsEngines.allowed("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));
    assertTrue(TlsEngines.allowed("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"));
    assertFalse(TlsEngines.allowed("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"));
    assertFalse(TlsEngines.allowed("TLS_RSA_WITH_AES_128_GCM_SHA256"));
  }
}
