package dev.tributary.flink.iceberg;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.plan.PlannedTable;
import dev.tributary.core.types.Column;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.flink.records.HistoryChange;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.FlinkSchemaUtil;

/**
 * Writes one view's history changes into its table {@code features.<view>__<version>} with
 * Iceberg's Flink sink ({@link StreamingTableSink}): data and equality-delete files committed
 * exactly once, on checkpoints.
 *
 * <pre>
 *   HistoryChange ─filter(view)─► HistoryRowConverter ─► FlinkSink (equality fields: keys, valid_from)
 * </pre>
 *
 * <p>Rows arrive from the operator keyed by the same entity, in order, so a correction's delete is
 * always written after the row it removes. Readers see a corrected history: the table is exactly
 * the current change points (see docs/semantics.md).
 */
public final class HistoryTableSink {
  private HistoryTableSink() {}

  /** Equality columns of a view's table: the entity keys and valid_from identify a row. */
  public static List<String> identifierColumns(FeatureView view) {
    List<String> columns = new ArrayList<>();
    view.entity().keys().stream().map(Column::name).forEach(columns::add);
    columns.add(HistoryTables.VALID_FROM);
    return columns;
  }

  /** The view's history table, created if it does not exist yet. */
  public static Table createIfAbsent(Catalog catalog, FeatureView view) {
    return IcebergSchemas.createIfAbsent(catalog, HistoryTables.of(view), identifierColumns(view));
  }

  /**
   * The changes of view number {@code viewIndex} as rows of its history table's {@code schema},
   * stamped with {@code jobId}: what the streaming job and the backfill both write.
   */
  public static DataStream<RowData> rows(
      DataStream<HistoryChange> changes,
      int viewIndex,
      ViewProgram program,
      Schema schema,
      String jobId) {
    FeatureView view = program.view();
    return changes
        .filter(change -> change.view == viewIndex)
        .uid("history-filter-" + view.versionedName())
        .name("history rows of " + view.versionedName())
        .map(
            new HistoryRowConverter(program, jobId),
            InternalTypeInfo.of(FlinkSchemaUtil.convert(schema)))
        .uid("history-rows-" + view.versionedName())
        .name("to rows of " + HistoryTables.of(view).qualifiedName());
  }

  /** Creates the table if needed and attaches the sink for view number {@code viewIndex}. */
  public static void attach(
      DataStream<HistoryChange> changes,
      int viewIndex,
      ViewProgram program,
      CatalogConfig catalog,
      String jobId) {
    FeatureView view = program.view();
    PlannedTable planned = HistoryTables.of(view);
    Schema schema = createIfAbsent(catalog.open(), view).schema();
    StreamingTableSink.append(
        rows(changes, viewIndex, program, schema, jobId),
        catalog,
        planned.namespace(),
        planned.name(),
        identifierColumns(view),
        // The view version is in the uid: the committer's state names files of this version's
        // table, and a changed view's new sink that restored it failed the upgraded job looking
        // for the old version's manifest (UpgradeFromSavepointTest). Once the old version is no
        // longer materialized, its sink state has no operator: resume with
        // --allow-non-restored-state.
        "history-" + view.versionedName());
  }
}
