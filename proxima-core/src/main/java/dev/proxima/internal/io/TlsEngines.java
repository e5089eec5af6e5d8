package dev.proxima.internal.io;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Key material and policy for one TLS endpoint: builds {@link SSLEngine}s restricted to TLS 1.2+
 * and, under TLS 1.2, to the ephemeral-key AEAD cipher suites that RFC 9113 §9.2 allows, with ALPN
 * offering the one application protocol given.
 *
 * <ul>
 *   <li>Server: certificate chain + private key from PEM files; with a client CA file, client
 *       certificates signed by it are required (mutual TLS).
 *   <li>Client: trusts the CAs of a PEM file, or the JDK's default trust store; verifies the
 *       server's name (HTTPS rules: SAN DNS name or IP) and sends it as SNI; optionally presents
 *       its own certificate.
 * </ul>
 *
 * <p>Immutable; thread-safe (each engine is then owned by one connection's loop).
 */
public final class TlsEngines {
  private static final char[] NO_PASSWORD = new char[0];

  private final SSLContext context;
  private final boolean server;
  private final boolean needClientAuth;

  private TlsEngines(SSLContext context, boolean server, boolean needClientAuth) {
    this.context = context;
    this.server = server;
    this.needClientAuth = needClientAuth;
  }

  /**
   * A server with the certificate chain (leaf first) and private key of these PEM files; when
   * {@code clientCaFile} is not null, clients must present a certificate signed by one of its CAs.
   */
  public static TlsEngines server(Path certChainFile, Path privateKeyFile, Path clientCaFile) throws IOException {
    return server(Pem.read(certChainFile), Pem.read(privateKeyFile), Pem.readOptional(clientCaFile));
  }

  /** As {@link #server(Path, Path, Path)}, from PEM text already read. */
  public static TlsEngines server(Pem certChain, Pem privateKey, Pem clientCa) throws IOException {
    KeyManager[] keys = keyManagers(certChain, privateKey);
    TrustManager[] trust = clientCa == null ? null : trustManagers(clientCa);
    return new TlsEngines(context(keys, trust), true, clientCa != null);
  }

  /**
   * A client trusting the CAs of {@code trustedCaFile} (null: the JDK's default trust store),
   * presenting the certificate of {@code certChainFile}/{@code privateKeyFile} when not null.
   */
  public static TlsEngines client(Path trustedCaFile, Path certChainFile, Path privateKeyFile) throws IOException {
    return client(Pem.readOptional(trustedCaFile), Pem.readOptional(certChainFile), Pem.readOptional(privateKeyFile));
  }

  /** As {@link #client(Path, Path, Path)}, from PEM text already read (nulls as there). */
  public static TlsEngines client(Pem trustedCa, Pem certChain, Pem privateKey) throws IOException {
    KeyManager[] keys = certChain == null ? null : keyManagers(certChain, privateKey);
    TrustManager[] trust = trustManagers(trustedCa);
    return new TlsEngines(context(keys, trust), false, false);
  }

  public boolean isServer() {
    return server;
  }

  /** A server-side engine offering {@code applicationProtocol} by ALPN. */
  public SSLEngine newServerEngine(String applicationProtocol) {
    if (!server) {
      throw new IllegalStateException("client TLS settings cannot make a server engine");
    }
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    SSLParameters p = restrict(engine);
    p.setApplicationProtocols(new String[] {applicationProtocol});
    if (needClientAuth) {
      p.setNeedClientAuth(true);
    }
    engine.setSSLParameters(p);
    return engine;
  }

  /**
   * A client-side engine for a server known as {@code serverName} (a DNS name or IP literal: what
   * its certificate must name, and the SNI when it is a DNS name), asking for
   * {@code applicationProtocol} by ALPN.
   */
  public SSLEngine newClientEngine(String serverName, int port, String applicationProtocol) {
    if (server) {
      throw new IllegalStateException("server TLS settings cannot make a client engine");
    }
    SSLEngine engine = context.createSSLEngine(serverName, port);
    engine.setUseClientMode(true);
    SSLParameters p = restrict(engine);
    p.setApplicationProtocols(new String[] {applicationProtocol});
    p.setEndpointIdentificationAlgorithm("HTTPS");
    if (!isIpLiteral(serverName)) {
      p.setServerNames(List.of(new SNIHostName(serverName)));
    }
    engine.setSSLParameters(p);
    return engine;
  }

  /** TLS 1.3 and 1.2 only; under 1.2 only (EC)DHE key exchange with AEAD ciphers (RFC 9113 §9.2). */
  private static SSLParameters restrict(SSLEngine engine) {
    SSLParameters p = engine.getSSLParameters();
    List<String> protocols = new ArrayList<>();
    for (String protocol : engine.getEnabledProtocols()) {
      if (protocol.equals("TLSv1.3") || protocol.equals("TLSv1.2")) {
        protocols.add(protocol);
      }
    }
    p.setProtocols(protocols.toArray(new String[0]));
    p.setCipherSuites(Arrays.stream(engine.getEnabledCipherSuites()).filter(TlsEngines::allowed)
        .toArray(String[]::new));
    return p;
  }

  static boolean allowed(String suite) {
    if (suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")) {
      return true; // TLS 1.3 suites: all AEAD, all ephemeral
    }
    boolean ephemeral = suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_");
    boolean aead = suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_");
    return ephemeral && aead;
  }

  static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true; // IPv6
    }
    return host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  private static SSLContext context(KeyManager[] keys, TrustManager[] trust) throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static KeyManager[] keyManagers(Pem certChain, Pem privateKey) throws IOException {
    List<X509Certificate> chain = PemFiles.readCertificates(certChain);
    PrivateKey key = PemFiles.readPrivateKey(privateKey);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("key", key, NO_PASSWORD, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, NO_PASSWORD);
      return factory.getKeyManagers();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use the key of " + privateKey.source() + " with the certificate of "
          + certChain.source() + ": " + e.getMessage(), e);
    }
  }

  /** Trust managers for the CAs of {@code caFile}, or the JDK's defaults when null. */
  private static TrustManager[] trustManagers(Pem caFile) throws IOException {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (caFile == null) {
        factory.init((KeyStore) null);
      } else {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (X509Certificate ca : PemFiles.readCertificates(caFile)) {
          store.setCertificateEntry("ca-" + i++, ca);
        }
        factory.init(store);
      }
      return factory.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load trusted certificates" + (caFile == null ? "" : " from " + caFile.source())
          + ": " + e.getMessage(), e);
    }
  }
}
