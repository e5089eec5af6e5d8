package dev.proxima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that never completes the TLS handshake does not hold up a shutdown: closing its
 * connection closes the socket at once, not when the handshake timeout (10 s by default) fires.
 * "Promptly" below is {@value #PROMPT_MILLIS} ms: generous for a loaded machine, far below 10 s.
 */
@Timeout(30)
class TlsSilentPeerTest {
  private static final long PROMPT_MILLIS = 3000;
  /** The first byte of a TLS handshake record (RFC 8446 §5.1, ContentType handshake). */
  private static final int HANDSHAKE_RECORD = 22;
  /** The first byte of a TLS alert record: a peer may say close_notify before it hangs up. */
  private static final int ALERT_RECORD = 21;

  @TempDir
  static Path certs;

  private Server server;
  private ManagedChannel channel;

  @BeforeAll
  static void copyCertificates() throws Exception {
    TestCertificates.copy(certs, "ca.pem", "server1.pem", "server1.key");
  }

  @AfterEach
  void tearDown() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
    }
  }

  private Server startTlsServer() throws Exception {
    return ServerBuilder.forPort(0).addService(GrpcCallsTest.echoService())
        .useTransportSecurity(certs.resolve("server1.pem"), certs.resolve("server1.key")).build().start();
  }

  private ChannelBuilder tlsChannelTo(int port) {
    return ChannelBuilder.forAddress("127.0.0.1", port).trustCertificates(certs.resolve("ca.pem"))
        .overrideAuthority(TlsTest.HOST_OVERRIDE);
  }

  /** A TCP client that connects to {@code port} and never says a word. */
  private static Socket silentClient(int port) throws Exception {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout((int) PROMPT_MILLIS);
    return s;
  }

  /**
   * A TLS call that succeeds after the silent client connected proves the server accepted the
   * silent one first (accepts are in order): its connection is in the handshake now.
   */
  private void serverAcceptedTheSilentClient() throws Exception {
    ManagedChannel probe = tlsChannelTo(server.port()).build();
    try {
      assertEquals(Status.Code.OK, TestCalls.unary(probe, GrpcCallsTest.ECHO, "probe").await().code());
    } finally {
      probe.shutdownNow();
    }
    assertTrue(probe.awaitTermination(Duration.ofSeconds(5)));
  }

  /** Reads until end of stream, which must come within {@link #PROMPT_MILLIS}; returns the bytes. */
  private static byte[] readUntilClosedPromptly(Socket s) throws Exception {
    long start = System.nanoTime();
    byte[] got = s.getInputStream().readAllBytes(); // a SocketTimeoutException if it never closes
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(ms < PROMPT_MILLIS, "closed after " + ms + " ms");
    return got;
  }

  @Test
  void serverShutdownNowDoesNotWaitForAClientThatNeverSendsItsHello() throws Exception {
    server = startTlsServer();
    try (Socket silent = silentClient(server.port())) {
      serverAcceptedTheSilentClient();
      long start = System.nanoTime();
      server.shutdownNow();
      assertTrue(server.awaitTermination(Duration.ofMillis(PROMPT_MILLIS)));
      assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(PROMPT_MILLIS));
      byte[] got = readUntilClosedPromptly(silent);
      assertTrue(got.length == 0 || got[0] == ALERT_RECORD, () -> "unexpected bytes: " + got.length);
    }
  }

  @Test
  void gracefulServerShutdownClosesAClientStillInTheHandshakeAtOnce() throws Exception {
    server = startTlsServer();
    try (Socket silent = silentClient(server.port())) {
      serverAcceptedTheSilentClient();
      server.shutdown(); // no stream to let finish on a connection that never opened
      assertTrue(server.awaitTermination(Duration.ofMillis(PROMPT_MILLIS)),
          "server waited for the handshake timeout of a silent client");
      byte[] got = readUntilClosedPromptly(silent);
      assertTrue(got.length == 0 || got[0] == ALERT_RECORD, () -> "unexpected bytes: " + got.length);
    }
  }

  @Test
  void channelShutdownNowClosesAConnectionToAServerThatNeverAnswersTheHello() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      channel = tlsChannelTo(listener.getLocalPort()).build();
      TestCalls.Result call = TestCalls.unary(channel, GrpcCallsTest.ECHO, "never sent");
      try (Socket peer = listener.accept()) {
        peer.setSoTimeout((int) PROMPT_MILLIS);
        assertEquals(HANDSHAKE_RECORD, peer.getInputStream().read(), "the ClientHello is on its way");

        channel.shutdownNow();
        // What the channel says to every call still waiting for its connection at shutdown.
        Status status = call.await();
        assertEquals(Status.Code.UNAVAILABLE, status.code(), status::toString);
        assertTrue(status.description().contains("is shut down"), status::toString);
        assertTrue(channel.awaitTermination(Duration.ofMillis(PROMPT_MILLIS)));
        readUntilClosedPromptly(peer); // the rest of the ClientHello, maybe an alert, then end of stream
      }
    }
  }

  @Test
  void channelConnectTimeoutClosesTheSocketOfAHandshakeThatNeverEnds() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      channel = tlsChannelTo(listener.getLocalPort()).connectTimeout(Duration.ofMillis(300)).build();
      TestCalls.Result call = TestCalls.unary(channel, GrpcCallsTest.ECHO, "never sent");
      try (Socket peer = listener.accept()) {
        peer.setSoTimeout((int) PROMPT_MILLIS);
        Status status = call.await();
        assertEquals(Status.Code.UNAVAILABLE, status.code(), status::toString);
        assertTrue(status.description().contains("Timeout"), status::toString);
        // The attempt that timed out is abandoned: its socket closes now, not at the handshake timeout.
        assertEquals(HANDSHAKE_RECORD, peer.getInputStream().read());
        readUntilClosedPromptly(peer);
      }
    }
  }
}
