package dev.proxima.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs protoc (from Maven Central, copied to target/protoc by the build) on the test protos, feeds
 * the generator the request protoc would send a plugin, and compares each generated file with its
 * golden copy under src/test/resources/golden. After an intended change, regenerate the goldens
 * with {@code mvn -pl proxima-codegen test -Dproxima.updateGoldens=true} and review the diff.
 */
class GoldenFilesTest {
  private static final Path PROTOC = Path.of(System.getProperty("proxima.protoc", "target/protoc/protoc.exe"));
  private static final Path PROTO_DIR = Path.of(System.getProperty("proxima.protoDir", "src/test/resources/proto"));
  private static final Path GOLDEN_DIR = Path.of(System.getProperty("proxima.goldenDir", "src/test/resources/golden"));
  private static final Path WORK_DIR = Path.of(System.getProperty("proxima.workDir", "target/codegen-test"));

  private static Map<String, String> generated;

  @BeforeAll
  static void generate() throws Exception {
    List<String> protos = new ArrayList<>();
    try (Stream<Path> files = Files.walk(PROTO_DIR)) {
      files.filter(p -> p.toString().endsWith(".proto"))
          .forEach(p -> protos.add(PROTO_DIR.relativize(p).toString().replace('\\', '/')));
    }
    protos.sort(null);
    FileDescriptorSet set = runProtoc(protos);
    CodeGeneratorRequest request = CodeGeneratorRequest.newBuilder()
        .addAllFileToGenerate(protos)
        .addAllProtoFile(set.getFileList())
        .build();
    CodeGeneratorResponse response = ProximaGenerator.generate(request);
    assertFalse(response.hasError(), response.getError());
    generated = new TreeMap<>();
    for (CodeGeneratorResponse.File file : response.getFileList()) {
      generated.put(file.getName(), file.getContent());
    }
  }

  private static FileDescriptorSet runProtoc(List<String> protos) throws IOException, InterruptedException {
    Files.createDirectories(WORK_DIR);
    Path descriptors = WORK_DIR.resolve("descriptors.pb");
    List<String> command = new ArrayList<>(List.of(PROTOC.toAbsolutePath().toString(),
        "--proto_path=" + PROTO_DIR.toAbsolutePath(),
        "--descriptor_set_out=" + descriptors.toAbsolutePath(),
        "--include_imports", "--include_source_info"));
    command.addAll(protos);
    PROTOC.toFile().setExecutable(true);
    Process protoc = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(protoc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, protoc.waitFor(), "protoc failed: " + output);
    try (InputStream in = Files.newInputStream(descriptors)) {
      return FileDescriptorSet.parseFrom(in);
    }
  }

  @Test
  void everyGeneratedFileMatchesItsGolden() throws IOException {
    boolean update = Boolean.getBoolean("proxima.updateGoldens");
    List<String> mismatches = new ArrayList<>();
    for (Map.Entry<String, String> file : generated.entrySet()) {
      Path golden = GOLDEN_DIR.resolve(file.getKey());
      if (update) {
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, file.getValue());
      } else if (!Files.exists(golden) || !Files.readString(golden).equals(file.getValue())) {
        mismatches.add(file.getKey());
      }
    }
    assertTrue(mismatches.isEmpty(), "generated files differ from their goldens (rerun with "
        + "-Dproxima.updateGoldens=true to accept): " + mismatches);
  }

  @Test
  void noGoldenIsLeftOver() throws IOException {
    if (!Files.isDirectory(GOLDEN_DIR)) {
      return;
    }
    try (Stream<Path> files = Files.walk(GOLDEN_DIR)) {
      List<String> stale = files.filter(Files::isRegularFile)
          .map(p -> GOLDEN_DIR.relativize(p).toString().replace('\\', '/'))
          .filter(name -> !generated.containsKey(name))
          .toList();
      assertTrue(stale.isEmpty(), "goldens without a generated file: " + stale);
    }
  }

  @Test
  void generatesOneFilePerServiceInTheJavaPackage() {
    assertEquals(List.of("EchoProxima.java", "dev/proxima/test/greet/GreeterProxima.java",
        "dev/proxima/test/keywords/ChannelProxima.java", "dev/proxima/test/keywords/ServerCallsProxima.java",
        "dev/proxima/test/legacy/LegacyProxima.java"), List.copyOf(generated.keySet()));
  }

  @Test
  void declaresProto3OptionalSupport() {
    CodeGeneratorResponse response = ProximaGenerator.generate(CodeGeneratorRequest.getDefaultInstance());
    assertEquals(CodeGeneratorResponse.Feature.FEATURE_PROTO3_OPTIONAL_VALUE, response.getSupportedFeatures());
  }

  @Test
  void reportsAnUnknownMessageTypeAsAnError() {
    FileDescriptorProto broken = FileDescriptorProto.newBuilder().setName("broken.proto")
        .addService(com.google.protobuf.DescriptorProtos.ServiceDescriptorProto.newBuilder().setName("S")
            .addMethod(com.google.protobuf.DescriptorProtos.MethodDescriptorProto.newBuilder().setName("M")
                .setInputType(".Missing").setOutputType(".Missing")))
        .build();
    CodeGeneratorResponse response = ProximaGenerator.generate(CodeGeneratorRequest.newBuilder()
        .addFileToGenerate("broken.proto").addProtoFile(broken).build());
    assertTrue(response.getError().contains("unknown message type .Missing"), response.getError());
  }
}
