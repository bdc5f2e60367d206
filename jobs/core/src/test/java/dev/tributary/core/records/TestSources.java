package dev.tributary.core.records;

import dev.tributary.core.defs.Source;
import dev.tributary.core.defs.SourceLocation;
import dev.tributary.core.defs.Watermarks;
import dev.tributary.core.expr.Expression;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.RowSchema;
import dev.tributary.core.types.ValueType;
import java.nio.file.Path;
import java.util.List;

/** A source with one column of every type, and the flights event time over it. */
final class TestSources {
  static final RowSchema SCHEMA =
      new RowSchema(
          List.of(
              new Column("date", ValueType.TIMESTAMP),
              new Column("delay", ValueType.LONG),
              new Column("ratio", ValueType.DOUBLE),
              new Column("origin", ValueType.STRING),
              new Column("cancelled", ValueType.BOOLEAN)));
  static final Source EVENTS = timedBy("date + minutes(delay)");

  /** 2001-01-01T00:01:00Z */
  static final long NEW_YEAR = 978_307_260_000L;

  private TestSources() {}

  /** The same columns with another event-time expression. */
  static Source timedBy(String eventTime) {
    return new Source(
        "events",
        "every type",
        "events",
        null,
        null,
        SCHEMA,
        Expression.compile(eventTime, SCHEMA),
        Watermarks.DEFAULT,
        SourceLocation.of(Path.of("test.yaml")));
  }
}
