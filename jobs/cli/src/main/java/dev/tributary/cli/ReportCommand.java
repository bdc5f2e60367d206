package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Model;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.monitor.report.ModelReport;
import dev.tributary.core.monitor.report.ReportPage;
import dev.tributary.core.monitor.report.SplitChange;
import dev.tributary.core.score.SplitHistory;
import dev.tributary.core.score.TrafficSplit;
import dev.tributary.flink.monitor.ReportReader;
import dev.tributary.flink.score.SplitControlTopic;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tributary report}: the monitoring tables of one model ({@code monitoring.model_metrics},
 * {@code drift}, {@code latency}, {@code ab_tests}, {@code alerts}) and the split history of its
 * scorings, rendered by {@link ReportPage} into one self-contained HTML page.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write a model's monitoring report as one HTML page with charts (fetches nothing when"
          + " opened): quality per version over time with bands, the A/B verdict, a PSI heat map,"
          + " latency percentiles, split history, label coverage, alerts.",
      "Example: tributary report feature-defs --model flight_delay --from 2001-03-01"
          + " --to 2001-03-08 --out report.html"
    })
final class ReportCommand extends DefinitionsCommand {
  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "the model (default: the only one defined)")
  String modelName;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description = "hours starting from here (default: the first)")
  String from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      description = "to here, exclusive (default: the last); also the A/B look shown")
  String to;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "the HTML page")
  Path out;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      description =
          "Kafka of the split control topic, for splits set after the definitions' (default: the"
              + " definitions' splits only)")
  String bootstrapServers;

  @Mixin CatalogOptions catalog;

  @Override
  int run(FeatureRepository repository, PrintWriter stdout) throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Model model = MonitorCommand.model(repository, modelName, definitions.folder, err);
    if (model == null) {
      return 2;
    }
    ModelReport read;
    try {
      read =
          new ReportReader(
                  catalog.config().open(),
                  model.name(),
                  from == null ? Long.MIN_VALUE : BackfillCommand.time(from),
                  to == null ? Long.MAX_VALUE : BackfillCommand.time(to))
              .read(List.of(), System.currentTimeMillis());
    } catch (IllegalArgumentException nothingYet) {
      err.println(nothingYet.getMessage());
      return 2;
    }
    long first = read.windows().get(0).window().start();
    List<SplitChange> splits = new ArrayList<>();
    for (Scoring scoring : repository.scorings()) {
      if (scoring.model().name().equals(model.name())) {
        for (TrafficSplit split : history(scoring, err).splits()) {
          splits.add(SplitChange.of(split, first));
        }
      }
    }
    ModelReport report =
        new ModelReport(
            read.model(), read.generatedAt(), read.windows(), read.abTest(), splits, read.alerts());
    Files.writeString(out, ReportPage.render(report));
    stdout.println(
        "report of "
            + model.name()
            + ": "
            + report.windows().size()
            + " version-hours, "
            + splits.size()
            + " splits, "
            + report.alerts().size()
            + " alerts -> "
            + out);
    stdout.flush();
    return 0;
  }

  private SplitHistory history(Scoring scoring, PrintWriter err) {
    SplitHistory history = SplitHistory.of(scoring);
    var kafka = config.kafka(bootstrapServers);
    if (kafka != null) {
      for (var message :
          SplitControlTopic.read(kafka, scoring.name(), bad -> err.println("skipped " + bad))) {
        history = history.with(message.split());
      }
    }
    return history;
  }
}
