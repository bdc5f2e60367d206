package dev.tributary.flink.batch;

import dev.tributary.core.keys.EntityKeyCodec;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.types.Column;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.materialize.HistoryChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Reads one snapshot of a view's history table (the element is the snapshot id) as history rows
 * keyed like the spine: Iceberg's reader applies the equality deletes of corrections, so what comes
 * out is the corrected history. Pinning the snapshot makes the training set rebuildable.
 */
final class HistoryTableChanges implements FlatMapFunction<Long, HistoryChange> {
  private static final long serialVersionUID = 1L;

  private final CatalogConfig catalog;
  private final int viewIndex;
  private final ViewProgram program;

  HistoryTableChanges(CatalogConfig catalog, int viewIndex, ViewProgram program) {
    this.catalog = catalog;
    this.viewIndex = viewIndex;
    this.program = program;
  }

  @Override
  public void flatMap(Long snapshotId, Collector<HistoryChange> out) {
    Table table = catalog.open().loadTable(TableIdentifier.of(HistoryTables.NAMESPACE, program.view().versionedName()));
    List<Column> keys = program.view().entity().keys();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).useSnapshot(snapshotId).build()) {
      for (Record record : records) {
        List<Object> keyValues = new ArrayList<>(keys.size());
        keys.forEach(key -> keyValues.add(core(record.getField(key.name()))));
        Object[] values = new Object[program.spec().size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = core(record.getField(program.spec().feature(i).name()));
        }
        out.collect(new HistoryChange(viewIndex, EntityKeyCodec.encode(keyValues),
            millis(record.getField(HistoryTables.VALID_FROM)), ViewValuesCodec.encodeValues(program.spec(), values)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + table.name() + " at snapshot " + snapshotId + ": " + e.getMessage(), e);
    }
  }

  /** Iceberg's generic value as the core's: timestamps are UTC milliseconds. */
  private static Object core(Object value) {
    if (value instanceof OffsetDateTime) {
      return millis(value);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(HistoryTableChanges::core).toList();
    }
    return value;
  }

  private static long millis(Object timestamp) {
    return ((OffsetDateTime) timestamp).toInstant().toEpochMilli();
  }
}
