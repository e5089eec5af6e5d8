package dev.proxima.codegen;

import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The protoc plugin: reads a {@link CodeGeneratorRequest} from standard input and writes a
 * {@link CodeGeneratorResponse} with one {@code FooProxima.java} per service to standard output.
 *
 * <p>protoc runs it as {@code protoc-gen-proxima}; build tools that run JVM plugins (such as
 * {@code io.github.ascopes:protobuf-maven-plugin}) run this jar's {@code Main-Class}.
 */
public final class ProximaGenerator {
  private ProximaGenerator() {}

  /** Runs the plugin on standard input and output. */
  public static void main(String[] args) throws IOException {
    CodeGeneratorResponse response = run(System.in);
    OutputStream out = System.out;
    response.writeTo(out);
    out.flush();
  }

  /** Reads one request from {@code in} and answers it. */
  static CodeGeneratorResponse run(InputStream in) throws IOException {
    return generate(CodeGeneratorRequest.parseFrom(in));
  }

  /**
   * The response to {@code request}: the generated files, or an error message when a file cannot
   * be generated (protoc then reports it and fails).
   */
  public static CodeGeneratorResponse generate(CodeGeneratorRequest request) {
    CodeGeneratorResponse.Builder response = CodeGeneratorResponse.newBuilder()
        .setSupportedFeatures(CodeGeneratorResponse.Feature.FEATURE_PROTO3_OPTIONAL_VALUE);
    try {
      new ServiceGenerator(request).generate().forEach(response::addFile);
    } catch (RuntimeException e) {
      response.setError("proxima: " + e.getMessage());
    }
    return response.build();
  }
}
