package dev.proxima;

import static dev.proxima.TestCalls.unary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS end to end, our client and server, with grpc-java's test certificates (server1.pem names
 * *.test.google.fr; ca.pem signed it and client.pem).
 */
@Timeout(30)
class TlsTest {
  static final String HOST_OVERRIDE = "foo.test.google.fr";

  @TempDir
  static Path certs;

  private Server server;
  private ManagedChannel channel;

  @BeforeAll
  static void copyCertificates() throws Exception {
    TestCertificates.copy(certs, "ca.pem", "server1.pem", "server1.key", "client.pem", "client.key",
        "badclient.pem", "badclient.key");
  }

  static Path cert(String name) {
    return certs.resolve(name);
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

  private ServerBuilder tlsServer() {
    return ServerBuilder.forPort(0).addService(GrpcCallsTest.echoService())
        .useTransportSecurity(cert("server1.pem"), cert("server1.key"));
  }

  private ChannelBuilder client() {
    return ChannelBuilder.forAddress("127.0.0.1", server.port());
  }

  private static Status call(ManagedChannel channel) throws Exception {
    return unary(channel, GrpcCallsTest.ECHO, "hello").await();
  }

  @Test
  void unaryAndStreamingCallsWorkOverTls() throws Exception {
    server = tlsServer().build().start();
    channel = client().trustCertificates(cert("ca.pem")).overrideAuthority(HOST_OVERRIDE).build();
    TestCalls.Result r = unary(channel, GrpcCallsTest.ECHO, "hello");
    Status status = r.await();
    assertEquals(Status.Code.OK, status.code(), status::toString);
    assertEquals(List.of("hello"), r.messages);
    assertEquals(HOST_OVERRIDE, channel.authority());

    TestCalls.Result split = unary(channel, GrpcCallsTest.SPLIT, "a b c d e");
    assertEquals(Status.Code.OK, split.await().code());
    assertEquals(List.of("a", "b", "c", "d", "e"), split.messages);

    ClientCall<String, String> bidi = channel.newCall(GrpcCallsTest.SHOUT, CallOptions.DEFAULT);
    TestCalls.Result shout = TestCalls.start(bidi, new Metadata());
    for (String s : List.of("x", "y", "z")) {
      bidi.sendMessage(s);
      assertEquals(s.toUpperCase(), shout.queue.poll(5, TimeUnit.SECONDS));
    }
    bidi.halfClose();
    assertEquals(Status.Code.OK, shout.await().code());
  }

  @Test
  void largeMessagesCrossTlsBothWays() throws Exception {
    server = tlsServer().maxInboundMessageSize(16 << 20).build().start();
    channel = client().trustCertificates(cert("ca.pem")).overrideAuthority(HOST_OVERRIDE)
        .maxInboundMessageSize(16 << 20).build();
    for (int size : new int[] {1000, 20000, 70000, 300000, 1 << 20, 4 << 20}) {
      String m = "x".repeat(size);
      TestCalls.Result r = unary(channel, GrpcCallsTest.ECHO, m);
      Status status = r.await();
      assertEquals(Status.Code.OK, status.code(), size + " " + status);
    }
    char[] chars = new char[8 << 20];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) ('a' + (i * 31 + i / 7) % 26);
    }
    String big = new String(chars);
    for (int i = 0; i < 2; i++) {
      TestCalls.Result r = unary(channel, GrpcCallsTest.ECHO, big);
      Status status = r.await();
      assertEquals(Status.Code.OK, status.code(), status::toString);
      assertEquals(1, r.messages.size());
      assertTrue(big.equals(r.messages.get(0)), "8 MiB echo differs");
    }
  }

  @Test
  void serverCertificateThatDoesNotNameTheHostIsRejected() throws Exception {
    server = tlsServer().build().start();
    channel = client().trustCertificates(cert("ca.pem")).build();
    Status s = call(channel);
    assertEquals(Status.Code.UNAVAILABLE, s.code(), s::toString);
    assertTrue(s.description().contains("No subject alternative names matching IP address 127.0.0.1"),
        s::toString);
  }

  @Test
  void untrustedServerCertificateIsRejected() throws Exception {
    server = tlsServer().build().start();
    channel = client().useTransportSecurity().overrideAuthority(HOST_OVERRIDE).build();
    Status s = call(channel);
    assertEquals(Status.Code.UNAVAILABLE, s.code(), s::toString);
    assertTrue(s.description().contains("unable to find valid certification path"), s::toString);
  }

  @Test
  void plaintextClientToTlsServerFailsCleanly() throws Exception {
    server = tlsServer().build().start();
    channel = client().build();
    Status s = call(channel);
    assertEquals(Status.Code.UNAVAILABLE, s.code(), s::toString);
    // and the server is still fine for TLS clients
    ManagedChannel good = client().trustCertificates(cert("ca.pem")).overrideAuthority(HOST_OVERRIDE).build();
    try {
      assertEquals(Status.Code.OK, call(good).code());
    } finally {
      good.shutdownNow();
    }
  }

  @Test
  void tlsClientToPlaintextServerFailsCleanly() throws Exception {
    server = ServerBuilder.forPort(0).addService(GrpcCallsTest.echoService()).build().start();
    channel = client().trustCertificates(cert("ca.pem")).overrideAuthority(HOST_OVERRIDE).build();
    Status s = call(channel);
    assertEquals(Status.Code.UNAVAILABLE, s.code(), s::toString);
    assertTrue(s.description().contains("SSL"), s::toString);
  }

  @Test
  void mutualTlsRequiresAClientCertificateSignedByTheCa() throws Exception {
    server = tlsServer().clientAuth(cert("ca.pem")).build().start();

    channel = client().trustCertificates(cert("ca.pem")).overrideAuthority(HOST_OVERRIDE).build();
    Status without = call(channel);
    assertEquals(Status.Code.UNAVAILABLE, without.code(), without::toString);
    channel.shutdownNow();

    channel = client().trustCertificates(cert("ca.pem")).overrideAuthority(HOST_OVERRIDE)
        .clientCertificate(cert("badclient.pem"), cert("badclient.key")).build();
    Status bad = call(channel);
    assertEquals(Status.Code.UNAVAILABLE, bad.code(), bad::toString);
    channel.shutdownNow();

    channel = client().trustCertificates(cert("ca.pem")).overrideAuthority(HOST_OVERRIDE)
        .clientCertificate(cert("client.pem"), cert("client.key")).build();
    Status with = call(channel);
    assertEquals(Status.Code.OK, with.code(), with::toString);
  }

  @Test
  void serverWithoutAlpnH2IsRefused() throws Exception {
    // A JDK TLS server that ignores ALPN: the handshake succeeds, but h2 was not agreed.
    SSLContext ctx = SSLContext.getInstance("TLS");
    javax.net.ssl.KeyManagerFactory kmf = keyManagers();
    ctx.init(kmf.getKeyManagers(), null, null);
    try (SSLServerSocket listener = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0)) {
      CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
        try (SSLSocket s = (SSLSocket) listener.accept()) {
          s.startHandshake();
          s.getInputStream().read(); // until the client gives up
        } catch (Exception ignored) {
          // expected: the client closes
        }
      });
      channel = ChannelBuilder.forAddress("127.0.0.1", listener.getLocalPort()).trustCertificates(cert("ca.pem"))
          .overrideAuthority(HOST_OVERRIDE).build();
      Status s = call(channel);
      assertEquals(Status.Code.UNAVAILABLE, s.code(), s::toString);
      assertTrue(s.description().contains("peer did not negotiate h2 via ALPN"), s::toString);
      served.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void serverNegotiatesH2ByAlpnAndRefusesClientsWithoutIt() throws Exception {
    server = tlsServer().build().start();
    SSLContext ctx = SSLContext.getInstance("TLS");
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("ca", dev.proxima.internal.io.PemFiles.readCertificates(cert("ca.pem")).get(0));
    tmf.init(ks);
    ctx.init(null, tmf.getTrustManagers(), null);

    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", server.port())) {
      SSLParameters p = s.getSSLParameters();
      p.setApplicationProtocols(new String[] {"http/1.1", "h2"});
      s.setSSLParameters(p);
      s.startHandshake();
      assertEquals("h2", s.getApplicationProtocol());
      assertTrue(List.of("TLSv1.3", "TLSv1.2").contains(s.getSession().getProtocol()));
    }
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      s.startHandshake(); // no ALPN offered
      // the server closes: end of stream (possibly after an alert), never a hang
      assertThrows(Exception.class, () -> {
        if (s.getInputStream().read() < 0) {
          throw new java.io.EOFException();
        }
      });
    }
  }

  @Test
  void certificatesCanComeFromStreams() throws Exception {
    try (InputStream chain = TlsTest.class.getResourceAsStream("/certs/server1.pem");
        InputStream key = TlsTest.class.getResourceAsStream("/certs/server1.key");
        InputStream clientCas = TlsTest.class.getResourceAsStream("/certs/ca.pem")) {
      server = ServerBuilder.forPort(0).addService(GrpcCallsTest.echoService()).useTransportSecurity(chain, key)
          .clientAuth(clientCas).build().start();
    }
    try (InputStream ca = TlsTest.class.getResourceAsStream("/certs/ca.pem");
        InputStream chain = TlsTest.class.getResourceAsStream("/certs/client.pem");
        InputStream key = TlsTest.class.getResourceAsStream("/certs/client.key")) {
      channel = client().trustCertificates(ca).clientCertificate(chain, key).overrideAuthority(HOST_OVERRIDE).build();
    }
    Status s = call(channel);
    assertEquals(Status.Code.OK, s.code(), s::toString);
  }

  @Test
  void missingOrBadKeyFilesFailAtBuild() throws Exception {
    Path empty = Files.writeString(certs.resolve("empty.pem"), "nothing here\n");
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> ServerBuilder.forPort(0).useTransportSecurity(cert("server1.pem"), empty).build());
    assertTrue(e.getMessage().contains("BEGIN PRIVATE KEY"), e::getMessage);
    assertThrows(IllegalStateException.class,
        () -> ServerBuilder.forPort(0).clientAuth(cert("ca.pem")).build());
    assertThrows(UncheckedIOException.class,
        () -> ChannelBuilder.forAddress("localhost", 1).trustCertificates(empty).build());
  }

  private static javax.net.ssl.KeyManagerFactory keyManagers() throws Exception {
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("k", dev.proxima.internal.io.PemFiles.readPrivateKey(cert("server1.key")), new char[0],
        dev.proxima.internal.io.PemFiles.readCertificates(cert("server1.pem")).toArray(new java.security.cert.X509Certificate[0]));
    javax.net.ssl.KeyManagerFactory kmf =
        javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    return kmf;
  }
}
