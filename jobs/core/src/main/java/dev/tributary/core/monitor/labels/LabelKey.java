package dev.tributary.core.monitor.labels;

import dev.tributary.core.types.RowSchema;
import java.io.Serializable;
import java.util.List;

/**
 * The label join's key of a row: the values of the label's {@code join_on} columns, encoded alike
 * for a scoring request and a label event, so a prediction and its label meet under one key. Both
 * rows are parsed against their own schema; the columns only need the same names and types.
 */
public final class LabelKey implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final char SEPARATOR = '\u0001';

  private final int[] columns;

  /**
   * @throws IllegalArgumentException when {@code schema} lacks a join column
   */
  public LabelKey(List<String> joinOn, RowSchema schema, String what) {
    columns = new int[joinOn.size()];
    for (int i = 0; i < columns.length; i++) {
      String name = joinOn.get(i);
      columns[i] =
          schema
              .indexOf(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          what + " has no column '" + name + "', which the label joins on"));
    }
  }

  /** The key of {@code row}; null when a join column is null (such a row never joins). */
  public String of(Object[] row) {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < columns.length; i++) {
      Object value = row[columns[i]];
      if (value == null) {
        return null;
      }
      if (i > 0) {
        key.append(SEPARATOR);
      }
      key.append(value);
    }
    return key.toString();
  }
}
