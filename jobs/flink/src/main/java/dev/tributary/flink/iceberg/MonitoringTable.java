package dev.tributary.flink.iceberg;

import dev.tributary.core.plan.PlannedTable;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.flink.FlinkSchemaUtil;

/**
 * A {@code monitoring.*} table the monitor job appends to through {@link StreamingTableSink}: rows
 * commit with the job's checkpoints, exactly once across restores.
 */
public final class MonitoringTable {
  private MonitoringTable() {}

  /** The Flink row type of the table's columns, for the operator that makes its rows. */
  public static InternalTypeInfo<RowData> rowType(PlannedTable planned) {
    return InternalTypeInfo.of(
        (RowType) FlinkSchemaUtil.convert(IcebergSchemas.schema(planned, List.of())));
  }

  /** Creates the table when absent and appends {@code rows} (columns in the planned order). */
  public static void attach(
      DataStream<RowData> rows, CatalogConfig catalog, PlannedTable planned, String uidPrefix) {
    IcebergSchemas.createIfAbsent(catalog.open(), planned, List.of());
    StreamingTableSink.append(
        rows, catalog, planned.namespace(), planned.name(), List.of(), uidPrefix);
  }
}
