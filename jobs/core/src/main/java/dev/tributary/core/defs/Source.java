package dev.tributary.core.defs;

import dev.tributary.core.expr.Expression;
import dev.tributary.core.types.RowSchema;
import java.io.Serializable;
import java.util.Optional;

/**
 * A stream or table of events with a declared schema and an event time.
 *
 * <p>Like Chronon's event sources, one source may name both a Kafka topic (the live stream) and
 * historical files or an Iceberg table (backfills): both must hold the same events.
 *
 * @param eventTime a timestamp expression over the schema: when the event takes effect (for
 *     flights, the actual departure: scheduled time plus delay)
 */
public record Source(
    String name,
    String description,
    String topicOrNull,
    FileInput filesOrNull,
    String tableOrNull,
    RowSchema schema,
    Expression eventTime,
    Watermarks watermarks,
    SourceLocation at)
    implements Serializable {

  // Optional is not serializable: components are nullable, accessors are not.

  /** The Kafka topic of the live stream. */
  public Optional<String> topic() {
    return Optional.ofNullable(topicOrNull);
  }

  /** Historical events as files. */
  public Optional<FileInput> files() {
    return Optional.ofNullable(filesOrNull);
  }

  /** Historical events as an Iceberg table {@code namespace.table}. */
  public Optional<String> table() {
    return Optional.ofNullable(tableOrNull);
  }
}
