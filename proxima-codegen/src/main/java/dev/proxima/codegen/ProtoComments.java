package dev.proxima.codegen;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo.Location;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The comments of a proto file (from its {@code SourceCodeInfo}, present when protoc is given
 * {@code --include_source_info} or runs a plugin) as javadoc-safe lines.
 */
final class ProtoComments {
  /** Field number of {@code service} in FileDescriptorProto. */
  private static final int FILE_SERVICE = 6;
  /** Field number of {@code method} in ServiceDescriptorProto. */
  private static final int SERVICE_METHOD = 2;

  private final Map<List<Integer>, String> leading = new HashMap<>();

  ProtoComments(FileDescriptorProto file) {
    for (Location location : file.getSourceCodeInfo().getLocationList()) {
      String text = location.hasLeadingComments() ? location.getLeadingComments() : location.getTrailingComments();
      if (!text.isBlank()) {
        leading.putIfAbsent(location.getPathList(), text);
      }
    }
  }

  /** The comment of service number {@code service}, as javadoc lines; empty if it has none. */
  List<String> service(int service) {
    return javadocLines(leading.get(List.of(FILE_SERVICE, service)));
  }

  /** The comment of method {@code method} of service number {@code service}, as javadoc lines. */
  List<String> method(int service, int method) {
    return javadocLines(leading.get(List.of(FILE_SERVICE, service, SERVICE_METHOD, method)));
  }

  /**
   * {@code comment} split into lines, common indentation removed, HTML and javadoc specials
   * escaped, and a {@code <p>} before each paragraph after the first.
   */
  static List<String> javadocLines(String comment) {
    List<String> lines = new ArrayList<>();
    if (comment == null) {
      return lines;
    }
    String[] raw = comment.stripTrailing().split("\n", -1);
    int indent = Integer.MAX_VALUE;
    for (String line : raw) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    boolean paragraphBreak = false;
    for (String line : raw) {
      if (line.isBlank()) {
        paragraphBreak = !lines.isEmpty();
        continue;
      }
      String text = escape(line.substring(Math.min(indent, line.length())).stripTrailing());
      if (paragraphBreak) {
        lines.add("");
        text = "<p>" + text;
        paragraphBreak = false;
      }
      lines.add(text);
    }
    return lines;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("*/", "*&#47;")
        .replace("@", "&#64;").replace("\\u", "&#92;u");
  }
}
