package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.score.ConsistencyTally;
import dev.tributary.flink.consistency.ConsistencyCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary consistency}: recomputes the features of every logged prediction with the
 * training-set job at the logged as-of times, writes {@code monitoring.consistency} and prints a
 * summary; exit 1 when any value differs.
 */
@Command(
    name = "consistency",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compare the features the score job logged with the training-set job's values at the same "
          + "as-of times (monitoring.consistency).",
      "Example: tributary consistency feature-defs --scoring flight_delay_live "
          + "--from 2001-01-08T00:00:00Z --to 2001-01-09T00:00:00Z"
    })
final class ConsistencyCommand implements Callable<Integer> {
  @Mixin DefinitionsOption definitions;
  @Mixin FlinkTarget flink;
  @Mixin CatalogOptions catalog;
  @Spec CommandSpec spec;

  @Option(names = "--scoring", required = true, paramLabel = "NAME", description = "the scoring")
  String scoringName;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "TIME",
      description = "predictions with request times from here")
  String from;

  @Option(names = "--to", required = true, paramLabel = "TIME", description = "to here, exclusive")
  String to;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    FeatureRepository repository = definitions.load(err);
    if (repository == null) {
      return 1;
    }
    Scoring scoring = DefinitionsOption.scoring(repository, scoringName, definitions.folder, err);
    if (scoring == null) {
      return 2;
    }
    Path work = catalog.dataDir.resolve("consistency");
    ConsistencyTally tally =
        new ConsistencyCheck(
                scoring, catalog.config(), work, java.util.Map.of(), flink::environment)
            .run(BackfillCommand.time(from), BackfillCommand.time(to));
    PrintWriter out = spec.commandLine().getOut();
    for (Map.Entry<String, ConsistencyTally.FeatureTally> entry : tally.features().entrySet()) {
      ConsistencyTally.FeatureTally t = entry.getValue();
      out.printf(
          "%-36s compared %8d  equal %8d  different %6d%n",
          entry.getKey(), t.compared, t.equal, t.different);
      t.examples.forEach(example -> out.println("    " + example));
    }
    out.println(
        tally.different() == 0
            ? "consistent: every logged value equals the training-set job's"
            : tally.different() + " logged values differ (see monitoring.consistency)");
    return tally.different() == 0 ? 0 : 1;
  }
}
