package dev.tributary.flink.iceberg;

import dev.tributary.core.plan.PlannedColumn;
import dev.tributary.core.plan.PlannedTable;
import dev.tributary.core.types.ValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Iceberg tables for the core's {@link PlannedTable}s: the same plan {@code tributary plan} prints.
 *
 * <p>Timestamps are {@code timestamptz} (UTC instants, which Spark and Trino read as such). Tables
 * are format version 2, since corrections are equality deletes, with the given identifier columns.
 */
public final class IcebergSchemas {
  private IcebergSchemas() {}

  public static Schema schema(PlannedTable table, List<String> identifierColumns) {
    List<Types.NestedField> fields = new ArrayList<>();
    int[] nextId = {1};
    Set<Integer> identifiers = new HashSet<>();
    for (PlannedColumn column : table.columns()) {
      int id = nextId[0]++;
      Type type =
          column.list()
              ? Types.ListType.ofOptional(nextId[0]++, type(column.type()))
              : type(column.type());
      fields.add(
          column.required()
              ? Types.NestedField.required(id, column.name(), type, column.doc())
              : Types.NestedField.optional(id, column.name(), type, column.doc()));
      if (identifierColumns.contains(column.name())) {
        identifiers.add(id);
      }
    }
    return new Schema(fields, identifiers);
  }

  /** Creates the table when it does not exist yet (and its namespace); returns it either way. */
  public static Table createIfAbsent(
      Catalog catalog, PlannedTable planned, List<String> identifierColumns) {
    TableIdentifier id = TableIdentifier.of(planned.namespace(), planned.name());
    if (catalog instanceof SupportsNamespaces namespaces
        && !namespaces.namespaceExists(Namespace.of(planned.namespace()))) {
      try {
        namespaces.createNamespace(Namespace.of(planned.namespace()));
      } catch (AlreadyExistsException createdConcurrently) {
        // another job created it first: fine
      }
    }
    if (catalog.tableExists(id)) {
      return catalog.loadTable(id);
    }
    Schema schema = schema(planned, identifierColumns);
    PartitionSpec spec = PartitionSpec.builderFor(schema).day(planned.partitionDayOf()).build();
    try {
      return catalog
          .buildTable(id, schema)
          .withPartitionSpec(spec)
          .withProperties(
              Map.of(
                  TableProperties.FORMAT_VERSION,
                  "2",
                  // several jobs (streaming, backfill) may commit to one table
                  TableProperties.COMMIT_NUM_RETRIES,
                  "20",
                  "comment",
                  planned.purpose()))
          .create();
    } catch (AlreadyExistsException createdConcurrently) {
      return catalog.loadTable(id);
    }
  }

  static Type type(ValueType type) {
    switch (type) {
      case BOOLEAN:
        return Types.BooleanType.get();
      case LONG:
        return Types.LongType.get();
      case DOUBLE:
        return Types.DoubleType.get();
      case TIMESTAMP:
        return Types.TimestampType.withZone();
      default:
        return Types.StringType.get();
    }
  }
}
