package dev.proxima.interop;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * gRPC's interop test certificates, as grpc-java ships them in {@code io.grpc:grpc-testing} (class
 * path {@code /certs/}): {@code ca.pem} (the test CA), {@code server1.pem} and {@code server1.key}
 * (a server certificate for {@code *.test.google.fr}, so clients override the authority with e.g.
 * {@code foo.test.google.fr}).
 */
final class TestCertificates {
  /** The host name interop clients claim by default under TLS; server1.pem names *.test.google.fr. */
  static final String DEFAULT_HOST_OVERRIDE = "foo.test.google.fr";

  private TestCertificates() {}

  /** Opens {@code /certs/name} from the class path; the caller closes it. */
  static InputStream open(String name) {
    InputStream in = TestCertificates.class.getResourceAsStream("/certs/" + name);
    if (in == null) {
      throw new UncheckedIOException(new FileNotFoundException(
          "/certs/" + name + " is not on the class path (io.grpc:grpc-testing provides it)"));
    }
    return in;
  }

  /** Closes {@code in}, turning a failure into an unchecked one. */
  static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
