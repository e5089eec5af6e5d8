package dev.proxima.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
  @TempDir
  Path dir;

  private Path resource(String name) throws IOException {
    TestCertificates.copy(dir, name);
    return dir.resolve(name);
  }

  private Path pem(String name, String type, byte[] der) throws IOException {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    return Files.writeString(dir.resolve(name), "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
  }

  @Test
  void readsACertificateChainIgnoringTextAroundTheBlocks() throws Exception {
    String server = Files.readString(resource("server1.pem"));
    String ca = Files.readString(resource("ca.pem"));
    Path chain = Files.writeString(dir.resolve("chain.pem"), "subject=leaf\n" + server + "\nBag Attributes\n" + ca);
    List<X509Certificate> certs = PemFiles.readCertificates(chain);
    assertEquals(2, certs.size());
    assertTrue(certs.get(0).getSubjectX500Principal().getName().contains("*.test.google.com"));
    assertEquals(certs.get(0).getIssuerX500Principal(), certs.get(1).getSubjectX500Principal());
  }

  @Test
  void readsPkcs8RsaAndEcAndPkcs1RsaKeys() throws Exception {
    PrivateKey rsa = PemFiles.readPrivateKey(resource("server1.key"));
    assertEquals("RSA", rsa.getAlgorithm());

    var ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256);
    PrivateKey generated = ec.generateKeyPair().getPrivate();
    PrivateKey read = PemFiles.readPrivateKey(pem("ec.key", "PRIVATE KEY", generated.getEncoded()));
    assertEquals("EC", read.getAlgorithm());
    assertArrayEquals(generated.getEncoded(), read.getEncoded());

    // PKCS#1 is the OCTET STRING at the end of an RSA PKCS#8 key: cut it out, read it back.
    byte[] pkcs8 = rsa.getEncoded();
    byte[] pkcs1 = pkcs1Of(pkcs8);
    assertArrayEquals(pkcs8, PemFiles.rsaPkcs1ToPkcs8(pkcs1));
    PrivateKey fromPkcs1 = PemFiles.readPrivateKey(pem("rsa1.key", "RSA PRIVATE KEY", pkcs1));
    assertArrayEquals(pkcs8, fromPkcs1.getEncoded());
  }

  @Test
  void unsupportedOrMissingKeysSayWhatToDo() throws Exception {
    IOException encrypted = assertThrows(IOException.class,
        () -> PemFiles.readPrivateKey(pem("enc.key", "ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3})));
    assertTrue(encrypted.getMessage().contains("openssl pkcs8"), encrypted.getMessage());
    IOException none = assertThrows(IOException.class, () -> PemFiles.readPrivateKey(resource("ca.pem")));
    assertTrue(none.getMessage().contains("BEGIN PRIVATE KEY"), none.getMessage());
    IOException noCert = assertThrows(IOException.class, () -> PemFiles.readCertificates(resource("server1.key")));
    assertTrue(noCert.getMessage().contains("BEGIN CERTIFICATE"), noCert.getMessage());
  }

  /** The contents of the last top-level element of the PrivateKeyInfo (the OCTET STRING). */
  private static byte[] pkcs1Of(byte[] pkcs8) {
    int at = 1 + lengthBytes(pkcs8, 1); // outer SEQUENCE header
    at += 3; // INTEGER 0
    at += 2 + (pkcs8[at + 1] & 0xff); // AlgorithmIdentifier (short form)
    int headerLength = 1 + lengthBytes(pkcs8, at + 1);
    return Arrays.copyOfRange(pkcs8, at + headerLength, pkcs8.length);
  }

  private static int lengthBytes(byte[] der, int at) {
    int b = der[at] & 0xff;
    return b < 0x80 ? 1 : 1 + (b & 0x7f);
  }
}
