package dev.tributary.core.plan;

import java.util.List;

/**
 * An Iceberg table a job writes: namespace, name, columns, and the timestamp column whose day
 * partitions it.
 */
public record PlannedTable(
    String namespace,
    String name,
    List<PlannedColumn> columns,
    String partitionDayOf,
    String purpose) {

  public PlannedTable {
    columns = List.copyOf(columns);
  }

  public String qualifiedName() {
    return namespace + "." + name;
  }
}
