package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.registry.Registry;
import dev.tributary.core.registry.RegistryApply;
import dev.tributary.core.registry.RegistryChange;
import dev.tributary.core.registry.RegistryDiff;
import dev.tributary.flink.registry.RegistryStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tributary apply [DIR]}: registers the definitions in the registry tables ({@link
 * RegistryStore}); a changed view's new version is registered beside the old, which stays live
 * until {@code tributary retire}.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Register the definitions in the Iceberg tables of namespace 'registry': one snapshot per",
      "changed table, who and when in registry.applies; the same definitions twice change nothing.",
      "Refuses breaking changes (exit status 3) unless --allow-breaking.",
      "Example: tributary apply feature-defs --by ana"
    })
final class ApplyCommand extends DefinitionsCommand {
  @Mixin CatalogOptions catalog;

  @Option(
      names = "--by",
      paramLabel = "NAME",
      description = "who applies, recorded in registry.applies (default: the user name)")
  String by = System.getProperty("user.name", "unknown");

  @Option(
      names = "--allow-breaking",
      description = "apply even when a change breaks what is deployed (see tributary plan)")
  boolean allowBreaking;

  @Override
  int run(FeatureRepository repository, PrintWriter out) throws Exception {
    RegistryStore store = new RegistryStore(catalog.config().open());
    List<RegistryChange> changes = RegistryDiff.between(store.read(), Registry.of(repository));
    RegistryChanges.print(changes, definitions.folder, out);
    if (RegistryDiff.breaks(changes) && !allowBreaking) {
      spec.commandLine()
          .getErr()
          .println(
              "nothing applied: a change breaks what is deployed; retrain or revert it, or apply"
                  + " with --allow-breaking");
      spec.commandLine().getErr().flush();
      return RegistryChanges.BREAKING;
    }
    Optional<RegistryApply> apply = store.apply(repository, by, Instant.now());
    if (apply.isEmpty()) {
      out.println("nothing to apply: the registry already holds these definitions");
    } else {
      out.println(
          "applied as apply "
              + apply.get().applyId()
              + " by "
              + apply.get().appliedBy()
              + ": "
              + String.join(", ", apply.get().snapshots()));
    }
    out.flush();
    return 0;
  }
}
