package dev.tributary.serve.features;

import dev.tributary.serve.BadRequestException;
import dev.tributary.serve.ServeLimits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entity rows as columns, the way Feast's {@code get-online-features} takes them: {@code {"origin":
 * ["SFO", "LAX"], "destination": ["JFK", "ORD"]}} is two rows. Values are as the wire gave them
 * ({@code String}, {@code Long}, {@code Double}, {@code Boolean} or null); {@link ColumnValue}
 * types them once a column's use is known.
 */
public record EntityColumns(Map<String, List<Object>> columns, int rows) {

  public EntityColumns {
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  /**
   * Checks that there is at least one column, every column has the same number of values, and the
   * rows are within the limit.
   *
   * @param field how the request names the columns, for messages ({@code entities})
   */
  public static EntityColumns of(
      Map<String, List<Object>> columns, String field, ServeLimits limits) {
    if (columns.isEmpty()) {
      throw new BadRequestException(
          field
              + " is missing or empty: give the entity keys as columns, e.g. {\"origin\": [\"SFO\"]}");
    }
    int rows = -1;
    String first = null;
    for (Map.Entry<String, List<Object>> column : columns.entrySet()) {
      int size = column.getValue().size();
      if (rows < 0) {
        rows = size;
        first = column.getKey();
      } else if (size != rows) {
        throw new BadRequestException(
            field
                + "."
                + column.getKey()
                + " has "
                + size
                + " values but "
                + field
                + "."
                + first
                + " has "
                + rows
                + ": every column needs one value per entity row");
      }
    }
    if (rows == 0) {
      throw new BadRequestException(field + " has no rows: give at least one value per column");
    }
    if (rows > limits.maxEntities()) {
      throw BadRequestException.tooLarge(
          field
              + " has "
              + rows
              + " rows, more than this server's limit of "
              + limits.maxEntities()
              + " entities per request: split the request");
    }
    Map<String, List<Object>> copy = new LinkedHashMap<>();
    columns.forEach(
        (name, values) -> copy.put(name, Collections.unmodifiableList(new ArrayList<>(values))));
    return new EntityColumns(copy, rows);
  }

  public boolean has(String column) {
    return columns.containsKey(column);
  }

  public Object value(String column, int row) {
    return columns.get(column).get(row);
  }
}
