package dev.tributary.flink.iceberg;

import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.plan.PlannedTable;
import dev.tributary.flink.records.DeadLetter;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.Schema;
import org.apache.iceberg.flink.FlinkSchemaUtil;

/**
 * Appends dead letters to {@code ops.dead_letters}, committed with the job's checkpoints and at the
 * end of input.
 */
public final class DeadLetterTable {
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
