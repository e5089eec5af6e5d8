package dev.proxima.codegen;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The imports of one generated file, and how it refers to each class: by its simple name when
 * importing it is unambiguous, else by its qualified name. A message named like a framework class
 * ({@code Status}), a {@code java.lang} class or a generated class is always written qualified.
 */
final class ImportSet {
  private final String filePackage;
  private final Set<String> takenSimpleNames = new HashSet<>();
  private final Set<String> imports = new TreeSet<>();
  private final Map<String, String> references = new HashMap<>();

  /**
   * Imports for a file in {@code filePackage} that declares the classes {@code declaredNames} and
   * uses the {@code java.lang} classes {@code javaLangNames} unqualified.
   */
  ImportSet(String filePackage, Collection<String> declaredNames, Collection<String> javaLangNames) {
    this.filePackage = filePackage;
    takenSimpleNames.addAll(declaredNames);
    takenSimpleNames.addAll(javaLangNames);
  }

  /** Imports the framework class {@code qualifiedName} (a top-level class); returns its simple name. */
  String framework(String qualifiedName) {
    String simple = JavaNames.simpleName(qualifiedName);
    if (!takenSimpleNames.add(simple) && !imports.contains(qualifiedName)) {
      throw new IllegalStateException("framework class name taken twice: " + simple);
    }
    imports.add(qualifiedName);
    return simple;
  }

  /**
   * Decides, once all framework classes are imported, how each of {@code classes} is written, and
   * imports those written by simple name.
   */
  void resolve(Collection<JavaClassName> classes) {
    Map<String, Set<String>> byImportedName = new HashMap<>();
    for (JavaClassName c : classes) {
      byImportedName.computeIfAbsent(c.importedName(), k -> new HashSet<>()).add(c.importTarget());
    }
    for (JavaClassName c : classes) {
      String imported = c.importedName();
      boolean importable = !c.packageName().isEmpty() && !takenSimpleNames.contains(imported)
          && byImportedName.get(imported).size() == 1;
      if (importable) {
        imports.add(c.importTarget());
        references.put(c.qualifiedName(), c.name());
      } else if (c.packageName().isEmpty() && c.enclosingName().isEmpty()) {
        references.put(c.qualifiedName(), c.name());
      } else {
        references.put(c.qualifiedName(), c.qualifiedName());
      }
    }
  }

  /** How the file writes {@code c}, after {@link #resolve}. */
  String reference(JavaClassName c) {
    String reference = references.get(c.qualifiedName());
    if (reference == null) {
      throw new IllegalStateException("class not resolved: " + c.qualifiedName());
    }
    return reference;
  }

  /** The import statements, sorted, leaving out classes of the file's own package. */
  Set<String> statements() {
    Set<String> statements = new TreeSet<>();
    for (String qualified : imports) {
      String pkg = qualified.contains(".") ? qualified.substring(0, qualified.lastIndexOf('.')) : "";
      if (!pkg.equals(filePackage)) {
        statements.add("import " + qualified + ";");
      }
    }
    return statements;
  }
}
