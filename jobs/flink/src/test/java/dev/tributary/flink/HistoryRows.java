package dev.tributary.flink;

import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.view.ViewProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * A history table as a reader sees it (deletes applied): per entity key, its rows by valid_from.
 */
public record HistoryRows(ViewProgram program, Map<List<Object>, TreeMap<Long, Row>> byKey) {

  /** A row's feature values and the job that wrote it. */
  public record Row(List<Object> values, String jobId) {}

  public static HistoryRows read(Catalog catalog, ViewProgram program) {
    Table table =
        catalog.loadTable(
            TableIdentifier.of(HistoryTables.NAMESPACE, program.view().versionedName()));
    int keys = program.view().entity().keys().size();
    Map<List<Object>, TreeMap<Long, Row>> byKey =
        new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record record : records) {
        List<Object> key = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
          key.add(record.get(i));
        }
        long validFrom =
            ((OffsetDateTime) record.getField(HistoryTables.VALID_FROM)).toInstant().toEpochMilli();
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < program.spec().size(); i++) {
          values.add(record.getField(program.spec().feature(i).name()));
        }
        Row previous =
            byKey
                .computeIfAbsent(key, k -> new TreeMap<>())
                .put(validFrom, new Row(values, (String) record.getField(HistoryTables.JOB_ID)));
        if (previous != null) {
          throw new AssertionError(
              table.name() + ": two rows for " + key + " at valid_from " + validFrom);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new HistoryRows(program, byKey);
  }

  /** True when some feature is a sketch, whose value depends on the order events arrived in. */
  public boolean hasApproximateFeatures() {
    return program.spec().features().stream()
        .anyMatch(
            f ->
                f.function() == Aggregation.APPROX_DISTINCT
                    || f.function() == Aggregation.APPROX_QUANTILE);
  }

  /** The exact features' values as of {@code t}: the row with the greatest valid_from <= t. */
  public List<Object> exactValuesAsOf(List<Object> key, long t) {
    TreeMap<Long, Row> rows = byKey.getOrDefault(key, new TreeMap<>());
    Map.Entry<Long, Row> row = rows.floorEntry(t);
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < program.spec().size(); i++) {
      Aggregation function = program.spec().feature(i).function();
      if (function != Aggregation.APPROX_DISTINCT && function != Aggregation.APPROX_QUANTILE) {
        values.add(
            row == null ? program.spec().valuesWithoutEvents()[i] : row.getValue().values().get(i));
      }
    }
    return values;
  }
}
