package dev.proxima;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** grpc-java's test certificates (test resources under /certs), as files for the TLS tests. */
public final class TestCertificates {
  private TestCertificates() {}

  /** Copies the certificate and key files {@code names} (e.g. "server1.pem") into {@code dir}. */
  public static void copy(Path dir, String... names) throws IOException {
    for (String name : names) {
      try (InputStream in = TestCertificates.class.getResourceAsStream("/certs/" + name)) {
        if (in == null) {
          throw new IOException("no test resource /certs/" + name);
        }
        Files.copy(in, dir.resolve(name));
      }
    }
  }
}
