package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.ModelVersionFolder;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.defs.SplitWeights;
import dev.tributary.core.score.SplitHistory;
import dev.tributary.core.score.SplitMessage;
import dev.tributary.core.score.TrafficSplit;
import dev.tributary.flink.score.SplitControlTopic;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary split set|show}: changes a running scoring's traffic split through the control
 * topic, and prints every split it has had. The score job applies a split to the requests made at
 * or after its effective time, without a restart.
 */
@Command(
    name = "split",
    mixinStandardHelpOptions = true,
    description = "Set or show the traffic split of a scoring deployment.",
    subcommands = {SplitCommand.Set.class, SplitCommand.Show.class})
final class SplitCommand {

  /** What both subcommands share: the scoring, its definitions, and Kafka. */
  abstract static class Target {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCORING", description = "the scoring deployment")
    String scoringName;

    @Option(
        names = "--definitions",
        defaultValue = "feature-defs",
        paramLabel = "DIR",
        description = "folder of feature definitions (default: ${DEFAULT-VALUE})")
    Path definitions;

    @Option(
        names = "--bootstrap-servers",
        paramLabel = "HOST:PORT[,...]",
        description =
            "Kafka of the control topic "
                + SplitControlTopic.TOPIC
                + " (default: kafka.bootstrap-servers of --config)")
    String bootstrapServers;

    @picocli.CommandLine.Mixin ConfigFileOption config;

    /** The Kafka of the control topic: the flag, else the file; with the file's properties. */
    dev.tributary.core.config.KafkaConnection kafka() {
      var kafka = config.kafka(bootstrapServers);
      if (kafka == null) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "give --bootstrap-servers, or kafka.bootstrap-servers in --config");
      }
      return kafka;
    }

    /** The scoring, or null after one error line. */
    Scoring scoring() {
      DefinitionsOption option = new DefinitionsOption();
      option.folder = definitions;
      FeatureRepository repository = option.load(spec.commandLine().getErr());
      if (repository == null) {
        return null;
      }
      return DefinitionsOption.scoring(
          repository, scoringName, definitions, spec.commandLine().getErr());
    }

    List<SplitMessage> splits() {
      PrintWriter err = spec.commandLine().getErr();
      return SplitControlTopic.read(kafka(), scoringName, bad -> err.println("skipped " + bad));
    }
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = {
        "Write a new split to the control topic; weights are percentages summing to 100.",
        "Example: tributary split set flight_delay_live 1=50 2=50 --bootstrap-servers kafka:9092"
      })
  static final class Set extends Target implements Callable<Integer> {
    @Parameters(
        index = "1..*",
        arity = "1..*",
        paramLabel = "VERSION=WEIGHT",
        description = "weight per model version, e.g. 1=50 2=50")
    List<String> weights;

    @Option(
        names = "--effective-from",
        paramLabel = "INSTANT",
        description =
            "request time from which it applies, e.g. 2001-01-11T00:00:00Z (default: now)")
    Instant effectiveFrom;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      TreeMap<Long, Integer> parsed = new TreeMap<>();
      for (String pair : weights) {
        String[] parts = pair.split("=", 2);
        try {
          parsed.put(Long.parseLong(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (RuntimeException notNumbers) {
          err.println("'" + pair + "' is not VERSION=WEIGHT with whole numbers, e.g. 2=10");
          return 2;
        }
      }
      String problem = SplitWeights.problem(parsed);
      if (problem != null) {
        err.println(problem);
        return 2;
      }
      Scoring scoring = scoring();
      if (scoring == null) {
        return 2;
      }
      String missing = missingVersions(scoring, parsed.keySet());
      if (missing != null) {
        err.println(missing);
        return 2;
      }
      List<SplitMessage> before = splits();
      TrafficSplit split =
          new TrafficSplit(
              scoring.name() + "#" + (before.size() + 1),
              (effectiveFrom == null ? Instant.now() : effectiveFrom).toEpochMilli(),
              parsed);
      SplitControlTopic.write(kafka(), new SplitMessage(scoring.name(), split));
      spec.commandLine().getOut().println("set " + split);
      return 0;
    }

    /** Versions the scoring's local model repository does not hold, as one line; null if none. */
    private static String missingVersions(Scoring scoring, java.util.Set<Long> versions) {
      String repository = scoring.model().repository().orElse(null);
      if (repository == null || repository.contains("://")) {
        return null;
      }
      try {
        java.util.Set<Long> held =
            ModelVersionFolder.versions(Path.of(repository), scoring.model().tritonModel());
        java.util.Set<Long> absent = new java.util.TreeSet<>(versions);
        absent.removeAll(held);
        return absent.isEmpty()
            ? null
            : "model '"
                + scoring.model().tritonModel()
                + "' has no version "
                + absent
                + " in "
                + repository
                + " (it has "
                + held
                + "): publish it first or leave it out of the split";
      } catch (java.io.IOException unreadable) {
        return "cannot list " + repository + ": " + unreadable.getMessage();
      }
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print every split of a scoring, the one in force now marked with *.")
  static final class Show extends Target implements Callable<Integer> {
    @Override
    public Integer call() {
      Scoring scoring = scoring();
      if (scoring == null) {
        return 2;
      }
      SplitHistory history = SplitHistory.of(scoring);
      for (SplitMessage message : splits()) {
        history = history.with(message.split());
      }
      TrafficSplit now = history.at(System.currentTimeMillis());
      PrintWriter out = spec.commandLine().getOut();
      for (TrafficSplit split : history.splits()) {
        out.println(
            (split == now ? "* " : "  ")
                + split.id()
                + "  "
                + SplitWeights.describe(split.weights())
                + "  from "
                + (split.effectiveFrom() == Long.MIN_VALUE
                    ? "the start (definitions)"
                    : Instant.ofEpochMilli(split.effectiveFrom()).toString()));
      }
      return 0;
    }
  }
}
