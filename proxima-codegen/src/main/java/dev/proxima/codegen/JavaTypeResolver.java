package dev.proxima.codegen;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where protoc's Java generator puts each message: its Java package ({@code java_package}, else
 * the proto package), whether it is nested in the file's outer class ({@code java_multiple_files})
 * and that class's name ({@code java_outer_classname}, else the file name in camel case, with
 * {@code OuterClass} appended when a type of the file has the same name).
 */
final class JavaTypeResolver {
  private final Map<String, JavaClassName> messages = new HashMap<>();
  private final Map<String, JavaClassName> outerClasses = new HashMap<>();

  /** A resolver knowing the types of {@code files} (every file of the request, imports included). */
  JavaTypeResolver(List<FileDescriptorProto> files) {
    for (FileDescriptorProto file : files) {
      String javaPackage = javaPackage(file);
      String outer = outerClassName(file);
      outerClasses.put(file.getName(), new JavaClassName(javaPackage, "", outer));
      String protoPrefix = file.getPackage().isEmpty() ? "." : "." + file.getPackage() + ".";
      String enclosing = file.getOptions().getJavaMultipleFiles() ? "" : outer;
      for (DescriptorProto message : file.getMessageTypeList()) {
        addMessage(message, protoPrefix, javaPackage, enclosing, "");
      }
    }
  }

  private void addMessage(DescriptorProto message, String protoPrefix, String javaPackage, String enclosing,
      String javaPrefix) {
    String protoName = protoPrefix + message.getName();
    String javaName = javaPrefix + message.getName();
    messages.put(protoName, new JavaClassName(javaPackage, enclosing, javaName));
    for (DescriptorProto nested : message.getNestedTypeList()) {
      addMessage(nested, protoName + ".", javaPackage, enclosing, javaName + ".");
    }
  }

  /** The Java class of the message with the fully-qualified proto name {@code .pkg.Message}. */
  JavaClassName message(String protoTypeName) {
    JavaClassName name = messages.get(protoTypeName);
    if (name == null) {
      throw new IllegalArgumentException("unknown message type " + protoTypeName);
    }
    return name;
  }

  /** The outer class of the file named {@code fileName}, which holds its descriptor. */
  JavaClassName outerClass(String fileName) {
    return outerClasses.get(fileName);
  }

  /** The Java package of {@code file}'s generated classes. */
  static String javaPackage(FileDescriptorProto file) {
    return file.getOptions().hasJavaPackage() ? file.getOptions().getJavaPackage() : file.getPackage();
  }

  /** The name of the outer class protoc's Java generator makes for {@code file}. */
  static String outerClassName(FileDescriptorProto file) {
    if (file.getOptions().hasJavaOuterClassname()) {
      return file.getOptions().getJavaOuterClassname();
    }
    String base = file.getName().substring(file.getName().lastIndexOf('/') + 1);
    if (base.endsWith(".proto")) {
      base = base.substring(0, base.length() - ".proto".length());
    }
    String name = JavaNames.camelCase(base, true);
    return hasTypeNamed(file, name) ? name + "OuterClass" : name;
  }

  private static boolean hasTypeNamed(FileDescriptorProto file, String name) {
    for (EnumDescriptorProto e : file.getEnumTypeList()) {
      if (e.getName().equals(name)) {
        return true;
      }
    }
    for (var service : file.getServiceList()) {
      if (service.getName().equals(name)) {
        return true;
      }
    }
    for (DescriptorProto message : file.getMessageTypeList()) {
      if (hasTypeNamed(message, name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasTypeNamed(DescriptorProto message, String name) {
    if (message.getName().equals(name)) {
      return true;
    }
    for (EnumDescriptorProto e : message.getEnumTypeList()) {
      if (e.getName().equals(name)) {
        return true;
      }
    }
    for (DescriptorProto nested : message.getNestedTypeList()) {
      if (hasTypeNamed(nested, name)) {
        return true;
      }
    }
    return false;
  }
}
