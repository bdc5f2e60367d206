package dev.tributary.flink.iceberg;

import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.plan.PlannedTable;
import dev.tributary.flink.records.DeadLetter;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.IcebergSink;

/**
 * Appends dead letters to {@code ops.dead_letters}: the streaming job's, committed with its
 * checkpoints ({@link #attach}), and a batch job's, committed at the end of input with the job's
 * other output, its snapshot properties naming the run ({@link #appendInBatch}).
 */
public final class DeadLetterTable {
  /** {@code ops.dead_letters}. */
  public static final TableIdentifier IDENTIFIER =
      TableIdentifier.of(
          DeploymentPlan.deadLetters().namespace(), DeploymentPlan.deadLetters().name());

  private DeadLetterTable() {}

  public static void attach(
      DataStream<DeadLetter> deadLetters, CatalogConfig catalog, String uidSuffix) {
    PlannedTable planned = DeploymentPlan.deadLetters();
    Schema schema = IcebergSchemas.createIfAbsent(catalog.open(), planned, List.of()).schema();
    DataStream<RowData> rows =
        deadLetters
            .map(new ToRow(), InternalTypeInfo.of(FlinkSchemaUtil.convert(schema)))
            .uid("dead-letter-rows-" + uidSuffix)
            .name("to rows of " + planned.qualifiedName());
    StreamingTableSink.append(
        rows, catalog, planned.namespace(), planned.name(), List.of(), "dead-letters-" + uidSuffix);
  }

  /**
   * A batch job's dead letters, through the same Iceberg sink as its other output (Sink V2, one
   * commit at the end of input), with {@code properties} in the commit's summary so that a rerun
   * can find and replace them ({@link DeadLetterRuns}).
   *
   * @return the table's identifier
   */
  public static TableIdentifier appendInBatch(
      DataStream<DeadLetter> deadLetters,
      CatalogConfig catalog,
      Map<String, String> properties,
      String uidSuffix) {
    PlannedTable planned = DeploymentPlan.deadLetters();
    Schema schema = IcebergSchemas.createIfAbsent(catalog.open(), planned, List.of()).schema();
    TableIdentifier id = IDENTIFIER;
    IcebergSink.Builder sink =
        IcebergSink.forRowData(
                deadLetters
                    .map(new ToRow(), InternalTypeInfo.of(FlinkSchemaUtil.convert(schema)))
                    .uid("dead-letter-rows-" + uidSuffix)
                    .name("to rows of " + planned.qualifiedName()))
            .tableLoader(TableLoader.fromCatalog(catalog.loader(), id))
            .uidSuffix("dead-letters-" + uidSuffix);
    properties.forEach(sink::setSnapshotProperty);
    sink.append();
    return id;
  }

  /**
   * source, payload, reason, event_time, recorded_at: the order of {@link
   * DeploymentPlan#deadLetters()}.
   */
  static final class ToRow implements MapFunction<DeadLetter, RowData> {
    private static final long serialVersionUID = 1L;

    @Override
    public RowData map(DeadLetter letter) {
      return GenericRowData.of(
          StringData.fromString(letter.source),
          StringData.fromString(letter.payload),
          StringData.fromString(letter.reason),
          letter.eventTime == DeadLetter.NO_EVENT_TIME
              ? null
              : TimestampData.fromEpochMillis(letter.eventTime),
          TimestampData.fromEpochMillis(letter.recordedAt));
    }
  }
}
