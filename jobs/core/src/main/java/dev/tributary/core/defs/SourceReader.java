package dev.tributary.core.defs;

import dev.tributary.core.expr.Expression;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.RowSchema;
import dev.tributary.core.types.ValueType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads a source.
 *
 * <pre>
 * sources:
 *   - name: flights
 *     topic: flights                      # the live stream (Kafka)
 *     files: {path: data/flights.csv.gz, format: csv}   # history, for backfills and replay
 *     schema: {date: timestamp, delay: long, origin: string}
 *     event_time: date + minutes(delay)
 *     watermark: {max_out_of_orderness: 5m, allowed_lateness: 1h, idle_timeout: 1m}
 * </pre>
 */
final class SourceReader {
  private SourceReader() {}

  static void read(YamlMapping yaml, DefinitionContext context) {
    Located<String> name = yaml.requiredScalar("name", "give the source a name such as 'flights'");
    String description = EntityReader.description(yaml);
    Located<String> topic = yaml.optionalScalar("topic");
    YamlMapping filesYaml = yaml.mapping("files", "files of the source", false);
    Located<String> table = yaml.optionalScalar("table");
    YamlMapping schemaYaml = yaml.mapping("schema", "schema of the source", true);
    Located<String> eventTimeText =
        yaml.requiredScalar(
            "event_time",
            "name the timestamp column, or write a timestamp expression such as 'date + minutes(delay)'");
    YamlMapping watermarkYaml = yaml.mapping("watermark", "watermark of the source", false);
    yaml.rejectUnknownKeys();

    Optional<FileInput> files = filesYaml == null ? Optional.empty() : files(filesYaml, context);
    Watermarks watermarks = watermarkYaml == null ? Watermarks.DEFAULT : watermarks(watermarkYaml);
    if (name == null || !context.declare("source", name)) {
      return;
    }
    boolean ok = topic == null || validTopic(topic, context);
    ok &= table == null || validTable(table, context);
    if (topic == null && filesYaml == null && table == null) {
      context.problems.add(
          name.at(),
          "source '"
              + name.value()
              + "' has no data: give a Kafka 'topic', historical 'files', or an Iceberg 'table'");
      ok = false;
    }
    List<Column> columns =
        schemaYaml == null ? null : EntityReader.columns(schemaYaml, context, "column");
    Expression eventTime = null;
    if (columns != null && eventTimeText != null) {
      eventTime =
          context.compile(eventTimeText, new RowSchema(columns), "event_time", ValueType.TIMESTAMP);
    }
    if (!ok
        || columns == null
        || eventTime == null
        || watermarks == null
        || (filesYaml != null && files.isEmpty())) {
      context.markFailed("source", name.value());
      return;
    }
    context.sources.put(
        name.value(),
        new Source(
            name.value(),
            description,
            topic == null ? null : topic.value(),
            files.orElse(null),
            table == null ? null : table.value(),
            new RowSchema(columns),
            eventTime,
            watermarks,
            name.at()));
  }

  private static Optional<FileInput> files(YamlMapping yaml, DefinitionContext context) {
    Located<String> path =
        yaml.requiredScalar("path", "give the file or folder, relative to the definitions folder");
    Located<String> format = yaml.requiredScalar("format", "one of " + FileInput.FORMATS);
    yaml.rejectUnknownKeys();
    if (path == null || format == null) {
      return Optional.empty();
    }
    if (!FileInput.FORMATS.contains(format.value())) {
      context.problems.add(
          format.at(),
          "unknown file format '" + format.value() + "': use one of " + FileInput.FORMATS);
      return Optional.empty();
    }
    return Optional.of(
        new FileInput(context.root.resolve(path.value()).normalize(), format.value()));
  }

  private static Watermarks watermarks(YamlMapping yaml) {
    Duration outOfOrder =
        yaml.optionalDuration("max_out_of_orderness", Watermarks.DEFAULT.maxOutOfOrderness());
    Duration lateness =
        yaml.optionalDuration("allowed_lateness", Watermarks.DEFAULT.allowedLateness());
    Duration idle = yaml.optionalDuration("idle_timeout", Watermarks.DEFAULT.idleTimeout());
    yaml.rejectUnknownKeys();
    if (outOfOrder == null || lateness == null || idle == null) {
      return null;
    }
    return new Watermarks(outOfOrder, lateness, idle);
  }

  private static boolean validTopic(Located<String> topic, DefinitionContext context) {
    if (topic.value().matches("[A-Za-z0-9._-]{1,249}")) {
      return true;
    }
    context.problems.add(
        topic.at(),
        "Kafka topic '"
            + topic.value()
            + "' is not a legal topic name: use letters, digits, '.', '_' and '-'");
    return false;
  }

  private static boolean validTable(Located<String> table, DefinitionContext context) {
    String[] parts = table.value().split("\\.", -1);
    if (parts.length == 2
        && parts[0].matches("[a-z][a-z0-9_]*")
        && parts[1].matches("[a-z][a-z0-9_]*")) {
      return true;
    }
    context.problems.add(
        table.at(),
        "Iceberg table '"
            + table.value()
            + "' must be written 'namespace.table' with names in [a-z][a-z0-9_]*");
    return false;
  }
}
