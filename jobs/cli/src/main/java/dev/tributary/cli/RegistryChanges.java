package dev.tributary.cli;

import dev.tributary.core.registry.RegistryChange;
import dev.tributary.core.registry.RegistryDiff;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * How {@code plan} and {@code apply} print the changes against the registry: one line per change
 * with what it does below it, and a breaking change's cause as {@code file:line:column} under the
 * definitions folder, so an editor can open it.
 */
final class RegistryChanges {
  /** The exit status of a plan with a breaking change, and of an apply that refused one. */
  static final int BREAKING = 3;

  private RegistryChanges() {}

  static void print(List<RegistryChange> changes, Path definitions, PrintWriter out) {
    if (changes.isEmpty()) {
      out.println("  no changes: the registry holds these definitions");
    }
    for (RegistryChange change : changes) {
      out.println("  " + change.kind().mark() + " " + change.what());
      change.effects().forEach(effect -> out.println("      " + effect));
      if (change.breaking()) {
        out.println("      BREAKING, caused at " + definitions.resolve(change.at()));
      }
    }
    long breaking = changes.stream().filter(RegistryChange::breaking).count();
    out.printf(
        "%d change%s, %d breaking%n", changes.size(), changes.size() == 1 ? "" : "s", breaking);
    out.flush();
  }

  static int exitStatus(List<RegistryChange> changes) {
    return RegistryDiff.breaks(changes) ? BREAKING : 0;
  }
}
