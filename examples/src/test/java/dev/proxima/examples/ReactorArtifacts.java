package dev.proxima.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Puts this build's own artifacts (the parent pom, proxima-core, proxima-protobuf, proxima-codegen)
 * into a local Maven repository, laid out as {@code mvn install} would, so that a project outside
 * the build can use them before anything was installed. The jars are those on the test classpath:
 * the reactor's fresh jars under {@code mvn verify}, or jars made here from {@code target/classes}
 * under {@code mvn test}.
 */
final class ReactorArtifacts {
  private final Path rootDir;
  private final String version;

  /** Artifacts of the build rooted at {@code rootDir}, all at {@code version}. */
  ReactorArtifacts(Path rootDir, String version) {
    this.rootDir = rootDir;
    this.version = version;
  }

  /** Installs the artifacts a user of the README's pom block needs into {@code repository}. */
  void installInto(Path repository) throws IOException {
    install(repository, "proxima-parent", rootDir.resolve("pom.xml"), null);
    install(repository, "proxima-core", rootDir.resolve("proxima-core/pom.xml"),
        jarOf(dev.proxima.Server.class, null));
    install(repository, "proxima-protobuf", rootDir.resolve("proxima-protobuf/pom.xml"),
        jarOf(dev.proxima.protobuf.ProtoMarshaller.class, null));
    install(repository, "proxima-codegen", rootDir.resolve("proxima-codegen/pom.xml"),
        jarOf(dev.proxima.codegen.ProximaGenerator.class, "dev.proxima.codegen.ProximaGenerator"));
  }

  private void install(Path repository, String artifactId, Path pom, Path jar) throws IOException {
    Path dir = repository.resolve("dev/proxima").resolve(artifactId).resolve(version);
    Files.createDirectories(dir);
    String base = artifactId + "-" + version;
    Files.copy(pom, dir.resolve(base + ".pom"), StandardCopyOption.REPLACE_EXISTING);
    if (jar != null) {
      Files.copy(jar, dir.resolve(base + ".jar"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The jar {@code type} was loaded from; a jar of its classes directory if it came from one. */
  private static Path jarOf(Class<?> type, String mainClass) throws IOException {
    Path location;
    try {
      location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    if (Files.isRegularFile(location)) {
      return location;
    }
    Path jar = Files.createTempFile(type.getSimpleName(), ".jar");
    jar.toFile().deleteOnExit();
    writeJar(location, jar, mainClass);
    return jar;
  }

  private static void writeJar(Path classesDir, Path jar, String mainClass) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (mainClass != null) {
      manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classesDir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
      for (Path file : files) {
        String name = classesDir.relativize(file).toString().replace('\\', '/');
        if (name.equals("META-INF/MANIFEST.MF")) {
          continue;
        }
        jarOut.putNextEntry(new JarEntry(name));
        Files.copy(file, jarOut);
        jarOut.closeEntry();
      }
    }
  }
}
