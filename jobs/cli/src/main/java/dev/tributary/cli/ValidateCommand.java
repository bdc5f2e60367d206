package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code tributary validate [DIR]}: parse and check every definition; exit 1 on any problem. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Check every definition file; print each problem with file, line and column.")
final class ValidateCommand extends DefinitionsCommand {

  @Override
  int run(FeatureRepository repository, PrintWriter out) throws Exception {
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
