package dev.tributary.core.records;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A validated row of a source and its event time.
 *
 * @param row one non-null value per schema column, in schema order, of the column's Java type (see
 *     {@link dev.tributary.core.types.ValueType})
 * @param eventTime the source's event-time expression over the row, UTC epoch milliseconds
 */
public record ParsedEvent(Object[] row, long eventTime) implements ParseOutcome, Serializable {

  public ParsedEvent {
    Objects.requireNonNull(row, "row");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParsedEvent e && e.eventTime == eventTime && Arrays.equals(e.row, row);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(eventTime) * 31 + Arrays.hashCode(row);
  }

  @Override
  public String toString() {
    return "ParsedEvent[" + Arrays.toString(row) + " at " + TimestampText.format(eventTime) + "]";
  }
}
