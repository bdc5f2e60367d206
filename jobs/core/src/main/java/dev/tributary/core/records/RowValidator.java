package dev.tributary.core.records;

import dev.tributary.core.defs.Source;
import dev.tributary.core.expr.EvaluationException;
import dev.tributary.core.expr.Expression;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.RowSchema;
import dev.tributary.core.types.ValueType;
import java.io.Serializable;
import java.util.Objects;

/**
 * The one set of checks every row of a source passes, whatever format it came in (Kafka JSON, CSV,
 * JSON lines, Parquet), so that the stream and a backfill over files agree on which events exist.
 *
 * <p>Every schema column is required: a null value is rejected. The event time, the entity keys and
 * the features of views are all computed from columns, and a null there would either make an event
 * vanish silently from some views and not others or give it no time at all; a source with optional
 * data should declare a column for it that producers always fill. Doubles must be finite (NaN or
 * infinity would poison every sum and average it reaches). Timestamp columns and the event time
 * must lie in the plausible {@link TimestampRange}. The event-time expression must evaluate to a
 * non-null value without overflow.
 */
public final class RowValidator implements Serializable {
  private static final long serialVersionUID = 1L;

  private final RowSchema schema;
  private final Expression eventTime;
  private final TimestampRange plausible;

  public RowValidator(Source source, TimestampRange plausible) {
    this.schema = source.schema();
    this.eventTime = source.eventTime();
    this.plausible = Objects.requireNonNull(plausible, "plausible");
  }

  public RowSchema schema() {
    return schema;
  }

  /**
   * Checks a row whose values already have their columns' Java types (or are null) and computes its
   * event time.
   *
   * @param row one value per schema column, in schema order; kept by the returned event, not copied
   */
  public ParseOutcome validate(Object[] row) {
    if (row.length != schema.size()) {
      throw new IllegalArgumentException(
          "row has " + row.length + " values for " + schema.size() + " columns");
    }
    for (int i = 0; i < row.length; i++) {
      ValueProblem problem = problemWith(schema.column(i), row[i]);
      if (problem != null) {
        return RecordRejection.field(schema.column(i).name(), problem);
      }
    }
    Object time;
    try {
      time = eventTime.evaluate(row);
    } catch (EvaluationException | ArithmeticException failed) {
      String cannot = "event time '" + eventTime.canonical() + "' cannot be computed";
      return new RecordRejection(cannot + ": " + failed.getMessage(), cannot);
    }
    if (time == null) {
      return new RecordRejection("event time '" + eventTime.canonical() + "' is null");
    }
    long millis = (Long) time;
    ValueProblem implausible = plausible.problemWith(millis);
    if (implausible != null) {
      String prefix = "event time '" + eventTime.canonical() + "': ";
      return new RecordRejection(prefix + implausible.getMessage(), prefix + implausible.kind());
    }
    return new ParsedEvent(row, millis);
  }

  private ValueProblem problemWith(Column column, Object value) {
    if (value == null) {
      return new ValueProblem("missing");
    }
    ValueType type = column.type();
    if (!javaClass(type).isInstance(value)) {
      throw new IllegalArgumentException(
          "column '"
              + column.name()
              + "' of type "
              + type.yamlName()
              + " holds a "
              + value.getClass().getName()
              + ": the reader must convert values before validating");
    }
    if (type == ValueType.DOUBLE && !Double.isFinite((Double) value)) {
      return new ValueProblem("expected a finite double, got " + value, "expected a finite double");
    }
    if (type == ValueType.TIMESTAMP) {
      return plausible.problemWith((Long) value);
    }
    return null;
  }

  private static Class<?> javaClass(ValueType type) {
    return switch (type) {
      case BOOLEAN -> Boolean.class;
      case LONG, TIMESTAMP -> Long.class;
      case DOUBLE -> Double.class;
      case STRING -> String.class;
    };
  }
}
