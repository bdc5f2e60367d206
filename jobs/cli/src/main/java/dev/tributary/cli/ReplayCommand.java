package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FileInput;
import dev.tributary.core.defs.Source;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.core.records.TimestampText;
import dev.tributary.io.file.EventFileException;
import dev.tributary.io.file.EventFileReader;
import dev.tributary.io.replay.EventOrder;
import dev.tributary.io.replay.EventReplayer;
import dev.tributary.io.replay.ReplaySummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tributary replay}: publish a source's historical events from files to its Kafka topic, as
 * fast as possible or at a speed factor of event time, so the streaming job has something to chew
 * on.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Publish a source's events from its Parquet/CSV/JSON files to Kafka as JSON, validated as the "
          + "streaming job validates them (rejected records are reported, not sent).",
      "Example: tributary replay feature-defs --source flights --bootstrap-servers localhost:9092 --speed 3600"
    })
final class ReplayCommand extends DefinitionsCommand {

  @Option(
      names = "--source",
      paramLabel = "NAME",
      description = "source to replay (default: the only source that declares files)")
  String sourceName;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      description = "Kafka to publish to (default: kafka.bootstrap-servers of --config)")
  String bootstrapServers;

  @Option(
      names = "--topic",
      paramLabel = "NAME",
      description = "topic to publish to (default: the source's topic)")
  String topic;

  @Option(
      names = "--input",
      paramLabel = "PATH",
      description =
          "file or folder to read instead of the source's files, e.g. the 3 M flights Parquet")
  Path input;

  @Option(
      names = "--format",
      paramLabel = "csv|json|parquet",
      description =
          "format of --input (default: from its name: .parquet, .csv[.gz], .json/.jsonl/.ndjson[.gz])")
  String format;

  @Option(
      names = "--order",
      defaultValue = "event-time",
      paramLabel = "event-time|file",
      description =
          "publish sorted by event time (sorted on disk, bounded memory) or as the files hold them "
              + "(default: ${DEFAULT-VALUE})")
  String order;

  @Option(
      names = "--speed",
      defaultValue = "0",
      paramLabel = "FACTOR",
      description =
          "event-time milliseconds per wall-clock millisecond: 3600 = an hour of events a second, "
              + "1 = real time; 0 = as fast as possible (default)")
  double speed;

  @Option(
      names = "--limit",
      defaultValue = "-1",
      paramLabel = "N",
      description = "publish at most N events, the first in the chosen order (default: all)")
  long limit;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description =
          "publish only events at or after this event time (ISO-8601, e.g. 2001-01-03T00:00:00Z)")
  String from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      description = "publish only events before this event time")
  String to;

  @Option(
      names = "--producer-config",
      paramLabel = "FILE",
      description =
          "Kafka producer properties (TLS, SASL, ...) that override the replay's defaults")
  Path producerConfig;

  @Override
  int run(FeatureRepository repository, PrintWriter out) throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    try {
      Source source = source(repository);
      var kafka = config.kafka(bootstrapServers);
      if (kafka == null) {
        err.println("give --bootstrap-servers, or kafka.bootstrap-servers in --config");
        return 2;
      }
      EventReplayer.Builder replay =
          EventReplayer.builder()
              .files(files(source))
              .bootstrapServers(kafka.bootstrapServers())
              .order(order())
              .speed(speed)
              .limit(limit)
              .eventTimeRange(
                  from == null ? Long.MIN_VALUE : TimestampText.parse(from),
                  to == null ? Long.MAX_VALUE : TimestampText.parse(to))
              .progress(err, System.console() != null);
      if (topic != null) {
        replay.topic(topic);
      }
      Properties producer = kafka.extraProperties();
      if (producerConfig != null) {
        producer.putAll(properties(producerConfig));
      }
      replay.producerConfig(producer);
      EventReplayer replayer = replay.build();
      ReplaySummary summary = replayer.run();
      spec.commandLine().getOut().println("topic '" + replayer.topic() + "': " + summary);
      spec.commandLine().getOut().flush();
      return 0;
    } catch (IllegalArgumentException | IllegalStateException | EventFileException problem) {
      err.println("replay: " + problem.getMessage());
      err.flush();
      return 1;
    }
  }

  private Source source(FeatureRepository repository) {
    if (sourceName != null) {
      return repository
          .source(sourceName)
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "no source '"
                          + sourceName
                          + "' in "
                          + definitions.folder
                          + "; sources: "
                          + repository.sources().stream().map(Source::name).toList()));
    }
    List<Source> withFiles =
        repository.sources().stream().filter(s -> s.files().isPresent()).toList();
    if (withFiles.size() != 1) {
      throw new IllegalArgumentException(
          "give --source: "
              + withFiles.size()
              + " sources in "
              + definitions.folder
              + " declare files "
              + withFiles.stream().map(Source::name).toList());
    }
    return withFiles.get(0);
  }

  private EventFileReader files(Source source) {
    if (input == null) {
      return EventFileReader.of(source);
    }
    return new EventFileReader(
        source,
        new FileInput(input, format != null ? format : formatOf(input, source)),
        TimestampRange.DEFAULT);
  }

  private static String formatOf(Path input, Source source) {
    String name = input.getFileName().toString().replaceFirst("\\.gz$", "");
    if (name.endsWith(".parquet")) {
      return "parquet";
    }
    if (name.endsWith(".csv")) {
      return "csv";
    }
    if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return "json";
    }
    return source
        .files()
        .map(FileInput::format)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "cannot tell the format of "
                        + input
                        + " from its name: give --format csv|json|parquet"));
  }

  private EventOrder order() {
    return switch (order) {
      case "event-time" -> EventOrder.EVENT_TIME;
      case "file" -> EventOrder.FILE;
      default ->
          throw new IllegalArgumentException(
              "--order must be event-time or file, got '" + order + "'");
    };
  }

  private static Properties properties(Path file) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    }
    return properties;
  }
}
