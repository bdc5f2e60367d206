package dev.tributary.core.types;

import java.io.Serializable;
import java.util.List;
import java.util.OptionalInt;

/**
 * The ordered columns of a row. Rows are {@code Object[]} with one slot per column, so that
 * expressions resolve names to positions once, when they are compiled, never per record.
 */
public record RowSchema(List<Column> columns) implements Serializable {

  public RowSchema {
    columns = List.copyOf(columns);
  }

  /** Position of the named column, if there is one. */
  public OptionalInt indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }

  public Column column(int index) {
    return columns.get(index);
  }

  public int size() {
    return columns.size();
  }
}
