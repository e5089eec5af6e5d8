package dev.proxima.codegen;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the services of the files protoc asks for into {@code FooProxima.java} files. */
final class ServiceGenerator {
  /**
   * Names a generated method may not take: members of {@code Object} and of the stub base class.
   * An rpc whose Java name is one of these gets a trailing underscore.
   */
  private static final Set<String> RESERVED_METHOD_NAMES = Set.of(
      "getClass", "hashCode", "equals", "clone", "toString", "notify", "notifyAll", "wait", "finalize",
      "channel", "callOptions", "build", "withDeadline", "withTimeout", "withMetadata", "withCompression",
      "withInterceptors", "withCallOptions");

  private final CodeGeneratorRequest request;
  private final Map<String, FileDescriptorProto> files = new HashMap<>();
  private final JavaTypeResolver types;

  ServiceGenerator(CodeGeneratorRequest request) {
    this.request = request;
    for (FileDescriptorProto file : request.getProtoFileList()) {
      files.put(file.getName(), file);
    }
    this.types = new JavaTypeResolver(request.getProtoFileList());
  }

  /** One generated file per service of each file to generate. */
  List<CodeGeneratorResponse.File> generate() {
    List<CodeGeneratorResponse.File> out = new ArrayList<>();
    for (String name : request.getFileToGenerateList()) {
      FileDescriptorProto file = files.get(name);
      ProtoComments comments = new ProtoComments(file);
      for (int i = 0; i < file.getServiceCount(); i++) {
        ServiceModel service = model(file, i, comments);
        out.add(CodeGeneratorResponse.File.newBuilder()
            .setName(service.filePath())
            .setContent(new ServiceWriter(service).write())
            .build());
      }
    }
    return out;
  }

  private ServiceModel model(FileDescriptorProto file, int index, ProtoComments comments) {
    ServiceDescriptorProto service = file.getService(index);
    String base = service.getName();
    String className = base + "Proxima";
    String serviceInterface = base + "Service";
    String blockingStub = base + "BlockingStub";
    String futureStub = base + "FutureStub";
    String asyncStub = base + "Stub";
    String javaPackage = JavaTypeResolver.javaPackage(file);
    String fullName = JavaNames.qualify(file.getPackage(), service.getName());

    Set<CallKind> kinds = new HashSet<>();
    for (MethodDescriptorProto m : service.getMethodList()) {
      kinds.add(CallKind.of(m.getClientStreaming(), m.getServerStreaming()));
    }
    ImportSet imports = new ImportSet(javaPackage,
        List.of(className, serviceInterface, blockingStub, futureStub, asyncStub),
        List.of("Deprecated", "Override", "String"));
    for (String framework : frameworkClasses(kinds)) {
      imports.framework(framework);
    }
    List<JavaClassName> used = new ArrayList<>();
    JavaClassName outer = types.outerClass(file.getName());
    used.add(outer);
    for (MethodDescriptorProto m : service.getMethodList()) {
      used.add(types.message(m.getInputType()));
      used.add(types.message(m.getOutputType()));
    }
    imports.resolve(used);

    List<MethodModel> methods = new ArrayList<>();
    Set<String> javaNames = new HashSet<>();
    Set<String> constantNames = new HashSet<>();
    for (int j = 0; j < service.getMethodCount(); j++) {
      MethodDescriptorProto m = service.getMethod(j);
      String javaName = JavaNames.methodName(m.getName());
      while (JavaNames.isKeyword(javaName) || RESERVED_METHOD_NAMES.contains(javaName) || !javaNames.add(javaName)) {
        javaName += "_";
      }
      String constantName = "METHOD_" + JavaNames.constantName(m.getName());
      while (!constantNames.add(constantName)) {
        constantName += "_";
      }
      methods.add(new MethodModel(m.getName(), fullName + "/" + m.getName(), javaName, constantName,
          CallKind.of(m.getClientStreaming(), m.getServerStreaming()),
          imports.reference(types.message(m.getInputType())), imports.reference(types.message(m.getOutputType())),
          comments.method(index, j), m.getOptions().getDeprecated()));
    }
    return new ServiceModel(file.getName(), service.getName(), fullName, javaPackage, className, serviceInterface,
        blockingStub, futureStub, asyncStub, imports.reference(outer), imports.statements(),
        comments.service(index), service.getOptions().getDeprecated(), methods);
  }

  /** The framework classes the generated file uses, given the kinds of its rpcs. */
  private static Set<String> frameworkClasses(Set<CallKind> kinds) {
    Set<String> classes = new LinkedHashSet<>(List.of(
        "com.google.protobuf.Descriptors",
        "dev.proxima.CallOptions",
        "dev.proxima.Channel",
        "dev.proxima.MethodDescriptor",
        "dev.proxima.ServiceDefinition",
        "dev.proxima.protobuf.ProtoMarshallers",
        "dev.proxima.stub.AbstractStub"));
    if (!kinds.isEmpty()) {
      classes.addAll(List.of("dev.proxima.Status", "dev.proxima.StatusException", "dev.proxima.stub.ClientCalls",
          "dev.proxima.stub.ServerCalls", "dev.proxima.stub.StreamObserver"));
    }
    if (kinds.contains(CallKind.UNARY)) {
      classes.add("java.util.concurrent.CompletableFuture");
    }
    if (kinds.contains(CallKind.SERVER_STREAMING)) {
      classes.add("dev.proxima.stub.BlockingIterator");
    }
    if (kinds.contains(CallKind.SERVER_STREAMING) || kinds.contains(CallKind.CLIENT_STREAMING)
        || kinds.contains(CallKind.BIDI_STREAMING)) {
      classes.add("dev.proxima.stub.ServerCallStreamObserver");
    }
    if (kinds.contains(CallKind.CLIENT_STREAMING) || kinds.contains(CallKind.BIDI_STREAMING)) {
      classes.add("dev.proxima.stub.BlockingStream");
      classes.add("dev.proxima.stub.ClientCallStreamObserver");
    }
    return classes;
  }
}
