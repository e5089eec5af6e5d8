package dev.proxima.internal.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files: X.509 certificates ({@code BEGIN CERTIFICATE}, any number per file, text
 * between blocks ignored) and unencrypted private keys, PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA,
 * EC, RSASSA-PSS, Ed25519/Ed448) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}).
 *
 * <p>Stateless; thread-safe.
 */
public final class PemFiles {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
  private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "RSASSA-PSS", "EdDSA", "XDH", "DSA"};

  private PemFiles() {}

  /** Every certificate in {@code file}, in order (a chain: leaf first). */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    return readCertificates(Pem.read(file));
  }

  /** Every certificate in {@code pem}, in order (a chain: leaf first). */
  public static List<X509Certificate> readCertificates(Pem pem) throws IOException {
    String file = pem.source();
    List<X509Certificate> certs = new ArrayList<>();
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
    }
    for (Block b : blocks(pem)) {
      if (!b.type.equals("CERTIFICATE")) {
        continue;
      }
      try {
        certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der)));
      } catch (CertificateException e) {
        throw new IOException(file + ": not a valid X.509 certificate: " + e.getMessage(), e);
      }
    }
    if (certs.isEmpty()) {
      throw new IOException(file + ": no '-----BEGIN CERTIFICATE-----' block");
    }
    return certs;
  }

  /** The first private key in {@code file}. */
  public static PrivateKey readPrivateKey(Path file) throws IOException {
    return readPrivateKey(Pem.read(file));
  }

  /** The first private key in {@code pem}. */
  public static PrivateKey readPrivateKey(Pem pem) throws IOException {
    String file = pem.source();
    for (Block b : blocks(pem)) {
      switch (b.type) {
        case "PRIVATE KEY" -> {
          return pkcs8(file, b.der);
        }
        case "RSA PRIVATE KEY" -> {
          return pkcs8(file, rsaPkcs1ToPkcs8(b.der));
        }
        case "ENCRYPTED PRIVATE KEY" -> throw new IOException(file
            + ": encrypted private keys are not supported; decrypt it with"
            + " 'openssl pkcs8 -topk8 -nocrypt'");
        case "EC PRIVATE KEY" -> throw new IOException(file
            + ": SEC1 EC keys are not supported; convert to PKCS#8 with 'openssl pkcs8 -topk8 -nocrypt'");
        default -> {}
      }
    }
    throw new IOException(file + ": no '-----BEGIN PRIVATE KEY-----' block");
  }

  private static PrivateKey pkcs8(String file, byte[] der) throws IOException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException | RuntimeException e) {
        // not this algorithm: try the next
      }
    }
    throw new IOException(file + ": unsupported or malformed PKCS#8 private key");
  }

  /**
   * Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER 0, SEQUENCE {
   * rsaEncryption, NULL }, OCTET STRING { pkcs1 } }.
   */
  static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
    byte[] version = {0x02, 0x01, 0x00};
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d,
        0x01, 0x01, 0x01, 0x05, 0x00};
    byte[] octets = tlv(0x04, pkcs1);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(version);
    body.writeBytes(algorithm);
    body.writeBytes(octets);
    return tlv(0x30, body.toByteArray());
  }

  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = value.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(value);
    return out.toByteArray();
  }

  private record Block(String type, byte[] der) {}

  private static List<Block> blocks(Pem pem) throws IOException {
    String file = pem.source();
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem.text());
    while (m.find()) {
      try {
        blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": bad base64 in a '" + m.group(1) + "' block", e);
      }
    }
    return blocks;
  }
}
