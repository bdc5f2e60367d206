package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tributary validate [DIR]}: parse and check every definition; exit 1 on any problem. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Check every definition file; print each problem with file, line and column.")
final class ValidateCommand implements Callable<Integer> {
  @Mixin DefinitionsOption definitions;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    FeatureRepository repository = definitions.load(spec.commandLine().getErr());
    if (repository == null) {
      return 1;
    }
    int features = repository.views().stream().mapToInt(v -> v.features().size()).sum();
    out.printf(
        "%s: OK: %d entities, %d sources, %d feature views (%d features), %d models, %d scoring deployments%n",
        definitions.folder,
        repository.entities().size(),
        repository.sources().size(),
        repository.views().size(),
        features,
        repository.models().size(),
        repository.scorings().size());
    for (FeatureView view : repository.views()) {
      out.printf(
          "  view %-20s version %s  (%d features)%n",
          view.name(), view.version(), view.features().size());
    }
    out.flush();
    return 0;
  }
}
