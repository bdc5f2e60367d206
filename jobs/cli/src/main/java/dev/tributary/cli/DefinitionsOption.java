package dev.tributary.cli;

import dev.tributary.core.defs.DefinitionProblem;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.InvalidDefinitionsException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/**
 * The definitions folder argument shared by every command, and the one way they load it: every
 * problem printed as {@code file:line:column: message}, and nothing runs when there is any.
 */
final class DefinitionsOption {
  @Parameters(
      index = "0",
      arity = "0..1",
      defaultValue = "feature-defs",
      paramLabel = "DIR",
      description = "folder of feature definitions (default: ${DEFAULT-VALUE})")
  Path folder;

  /** The validated repository, or null after printing every problem to {@code err}. */
  FeatureRepository load(PrintWriter err) {
    try {
      return FeatureRepository.load(folder);
    } catch (InvalidDefinitionsException invalid) {
      for (DefinitionProblem problem : invalid.problems()) {
        err.println(problem);
      }
      err.println(
          invalid.problems().size()
              + " problem"
              + (invalid.problems().size() == 1 ? "" : "s")
              + " in "
              + folder
              + ": nothing was run.");
      err.flush();
      return null;
    }
  }

  /**
   * The scoring named {@code nameOrNull} (null: the only one defined), or null after one error line
   * naming those defined.
   */
  static dev.tributary.core.defs.Scoring scoring(
      FeatureRepository repository, String nameOrNull, Path folder, PrintWriter err) {
    java.util.List<String> names =
        repository.scorings().stream().map(dev.tributary.core.defs.Scoring::name).toList();
    if (nameOrNull == null && names.size() == 1) {
      return repository.scorings().get(0);
    }
    for (dev.tributary.core.defs.Scoring scoring : repository.scorings()) {
      if (scoring.name().equals(nameOrNull)) {
        return scoring;
      }
    }
    err.println(
        nameOrNull == null
            ? "name the scoring with --scoring; defined: " + names
            : "no scoring '" + nameOrNull + "' in " + folder + "; defined: " + names);
    return null;
  }
}
