package dev.proxima.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a new user does, tried as a new user would: in a temporary directory outside this build, a
 * brand-new Maven project with only the README's pom block, its dependency, one {@code .proto} and a
 * {@code Main} that serves and calls the generated service. Maven builds it ({@code mvn package}) and
 * the program runs and prints the reply.
 *
 * <p>The new project resolves this build's artifacts from a fresh local repository (filled by {@link
 * ReactorArtifacts}, so no {@code mvn install} of Proxima is needed first and nothing stale from
 * {@code ~/.m2} is used) chained to the build's own local repository ({@code maven.repo.local.tail},
 * Maven 3.9+) for protoc, the plugins and protobuf-java; what is in neither (say, Maven's default
 * plugin versions on a machine that never used them) is downloaded into the fresh one, unless this
 * build runs offline ({@code -o}), which the new project then does too.
 */
class FreshProjectTest {
  private static final String POM = """
      <?xml version="1.0" encoding="UTF-8"?>
      <project xmlns="http://maven.apache.org/POM/4.0.0"
               xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
               xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
        <modelVersion>4.0.0</modelVersion>
        <groupId>com.example</groupId>
        <artifactId>hello-proxima</artifactId>
        <version>1.0</version>

        <properties>
          <maven.compiler.release>21</maven.compiler.release>
          <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          <proxima.version>@VERSION@</proxima.version>
        </properties>

        <dependencies>
          <dependency>
            <groupId>dev.proxima</groupId>
            <artifactId>proxima-protobuf</artifactId>
            <version>${proxima.version}</version>
          </dependency>
        </dependencies>

        <build>
          <plugins>
            <plugin>
              <groupId>io.github.ascopes</groupId>
              <artifactId>protobuf-maven-plugin</artifactId>
              <version>5.1.12</version>
              <configuration>
                <protoc>3.25.8</protoc>
                <plugins>
                  <plugin kind="jvm-maven">
                    <groupId>dev.proxima</groupId>
                    <artifactId>proxima-codegen</artifactId>
                    <version>${proxima.version}</version>
                    <mainClass>dev.proxima.codegen.ProximaGenerator</mainClass>
                  </plugin>
                </plugins>
              </configuration>
              <executions>
                <execution>
                  <goals>
                    <goal>generate</goal>
                  </goals>
                </execution>
              </executions>
            </plugin>
          </plugins>
        </build>
      </project>
      """;

  private static final String PROTO = """
      syntax = "proto3";

      package hello;

      option java_package = "com.example.hello";
      option java_multiple_files = true;

      // Says hello.
      service Greeter {
        rpc SayHello(HelloRequest) returns (HelloReply);
      }

      message HelloRequest {
        string name = 1;
      }

      message HelloReply {
        string message = 1;
      }
      """;

  private static final String MAIN = """
      package com.example.hello;

      import dev.proxima.ChannelBuilder;
      import dev.proxima.ManagedChannel;
      import dev.proxima.Server;
      import dev.proxima.ServerBuilder;
      import java.time.Duration;

      public class Main {
        static final class Greeter implements GreeterProxima.GreeterService {
          @Override
          public HelloReply sayHello(HelloRequest request) {
            return HelloReply.newBuilder().setMessage("Hello, " + request.getName() + "!").build();
          }
        }

        public static void main(String[] args) throws Exception {
          Server server = ServerBuilder.forPort(0).addService(GreeterProxima.bindService(new Greeter())).build().start();
          ManagedChannel channel = ChannelBuilder.forAddress("127.0.0.1", server.port()).build();
          HelloReply reply = GreeterProxima.newBlockingStub(channel)
              .withTimeout(Duration.ofSeconds(10))
              .sayHello(HelloRequest.newBuilder().setName(args[0]).build());
          System.out.println(reply.getMessage());
          channel.shutdown();
          server.shutdown();
          server.awaitTermination(Duration.ofSeconds(10));
        }
      }
      """;

  private Path tempDir;

  @BeforeEach
  void createTempDir() throws IOException {
    tempDir = Files.createTempDirectory("proxima-fresh-project");
  }

  /** Deletes the project unless -Dproxima.keepFreshProject=true (to look at it after a failure). */
  @AfterEach
  void deleteTempDir() throws IOException {
    if (Boolean.getBoolean("proxima.keepFreshProject")) {
      System.out.println("fresh project kept in " + tempDir);
      return;
    }
    try (Stream<Path> walk = Files.walk(tempDir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  @Test
  void aNewProjectWithTheReadmePomBlockBuildsAndCallsItsServer() throws Exception {
    String version = System.getProperty("proxima.version");
    Path repository = tempDir.resolve("repository");
    new ReactorArtifacts(Path.of(System.getProperty("proxima.rootDir")).normalize(), version).installInto(repository);

    Path project = tempDir.resolve("hello-proxima");
    write(project.resolve("pom.xml"), POM.replace("@VERSION@", version));
    write(project.resolve("src/main/proto/hello.proto"), PROTO);
    write(project.resolve("src/main/java/com/example/hello/Main.java"), MAIN);

    List<String> maven = new ArrayList<>(List.of(mavenExecutable(), "-B", "-q",
        "-Dmaven.repo.local=" + repository,
        "-Dmaven.repo.local.tail=" + System.getProperty("proxima.localRepository"),
        "package",
        "org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath", "-Dmdep.outputFile=cp.txt"));
    if ("offline=true".equals(System.getProperty("proxima.mavenMode"))) {
      maven.add("-o"); // as offline as the build running this test
    }
    run(project, maven, 240);
    assertTrue(Files.isRegularFile(project.resolve("target/generated-sources/protobuf/com/example/hello/GreeterProxima.java")),
        "GreeterProxima.java was not generated");

    String classpath = project.resolve("target/classes") + java.io.File.pathSeparator
        + Files.readString(project.resolve("cp.txt")).strip();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String printed = run(project, List.of(java, "-cp", classpath, "com.example.hello.Main", "new user"), 60);
    // JDK 24+ warns on stderr that protobuf-java uses sun.misc.Unsafe; the program's own output is the rest.
    List<String> output = printed.lines().filter(line -> !line.startsWith("WARNING: ")).toList();
    assertEquals(List.of("Hello, new user!"), output, printed);
  }

  /** The Maven running this build (or $PROXIMA_MVN). */
  private static String mavenExecutable() {
    String fromEnv = System.getenv("PROXIMA_MVN");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    return Path.of(System.getProperty("proxima.mavenHome"), "bin", "mvn").toString();
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** Runs {@code command} in {@code dir} with this JVM's JDK as JAVA_HOME; returns its output. */
  private static String run(Path dir, List<String> command, int timeoutSeconds) throws Exception {
    Path log = Files.createTempFile("proxima-fresh-project", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(command + " did not finish in " + timeoutSeconds + " s:\n" + Files.readString(log));
      }
      String output = Files.readString(log);
      if (process.exitValue() != 0) {
        fail(command + " exited with " + process.exitValue() + ":\n" + output);
      }
      return output;
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
