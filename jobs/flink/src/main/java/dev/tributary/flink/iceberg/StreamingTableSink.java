package dev.tributary.flink.iceberg;

import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;

/**
 * How the streaming job writes an Iceberg table: Iceberg's {@code FlinkSink}, committing on
 * checkpoints and at the end of a bounded input, exactly once across restores.
 *
 * <p>{@code FlinkSink} (one stateful committer operator), not Iceberg's newer {@code IcebergSink}:
 * with Iceberg 1.11 on Flink 2.1 the newer sink loses data when a restored job reaches the end of
 * its input before its next checkpoint. Its write aggregator is stateless, so Flink hands it no
 * restored checkpoint id; at the end of input it then labels everything written since the restore
 * as checkpoint 1, and the committer skips that as already committed, because the table's commits
 * before the failure already record checkpoint 1 or later. {@code FailureRecoveryTest} caught this.
 * {@code FlinkSink} commits the end of input under its own id ({@code Long.MAX_VALUE}) and keeps
 * its pending files in its own state. The batch jobs, which never restore from a checkpoint, keep
 * {@code IcebergSink}.
 */
final class StreamingTableSink {
  private StreamingTableSink() {}

  /**
   * Appends {@code rows} to {@code namespace.table}; with equality columns, rows of the same values
   * there replace each other (upsert and delete).
   *
   * @param uidPrefix prefix of the sink operators' uids, stable across releases so state restores
   */
  static void append(
      DataStream<RowData> rows,
      CatalogConfig catalog,
      String namespace,
      String table,
      List<String> equalityColumns,
      String uidPrefix) {
    FlinkWriteResultTypeInfo.register();
    FlinkSink.forRowData(rows)
        .tableLoader(
            TableLoader.fromCatalog(catalog.loader(), TableIdentifier.of(namespace, table)))
        .equalityFieldColumns(equalityColumns)
        .uidPrefix(uidPrefix)
        .append();
  }
}
