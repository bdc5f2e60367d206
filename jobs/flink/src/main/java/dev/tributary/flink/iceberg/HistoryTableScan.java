package dev.tributary.flink.iceberg;

import dev.tributary.core.keys.EntityKeyCodec;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.types.Column;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.ChangePoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Reads a view's history table back as change points per encoded entity key, deletes applied: what
 * readers of the table see. Used to check tables against the core and by the demo's report.
 */
public final class HistoryTableScan {
  private HistoryTableScan() {}

  public static Map<String, List<ChangePoint>> read(Catalog catalog, ViewProgram program) {
    return readPart(catalog, program, 0, 1);
  }

  /**
   * The histories of the entities whose encoded key falls in {@code part} (0 to {@code parts - 1})
   * by its hash: a check over a table too large to hold whole reads it in {@code parts} scans, each
   * holding about one part of the rows; the parts together are {@link #read}'s result.
   */
  public static Map<String, List<ChangePoint>> readPart(
      Catalog catalog, ViewProgram program, int part, int parts) {
    if (part < 0 || part >= parts) {
      throw new IllegalArgumentException("part " + part + " of " + parts);
    }
    Map<String, List<ChangePoint>> rows = new TreeMap<>();
    forEachRow(
        catalog,
        program,
        (key, row) -> {
          if (Math.floorMod(key.hashCode(), parts) == part) {
            rows.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
          }
        });
    rows.values().forEach(list -> list.sort(Comparator.comparingLong(ChangePoint::validFrom)));
    return rows;
  }

  /**
   * How many parts {@link #readPart} needs so that each holds at most about {@code rowsPerPart}
   * rows, from the row count of the table's current snapshot (which counts rows that later equality
   * deletes remove, so it errs towards more parts).
   */
  public static int partsFor(Catalog catalog, ViewProgram program, long rowsPerPart) {
    Snapshot current = table(catalog, program).currentSnapshot();
    long rows =
        current == null
            ? 0
            : Long.parseLong(
                current.summary().getOrDefault(SnapshotSummary.TOTAL_RECORDS_PROP, "0"));
    return (int) Math.max(1, (rows + rowsPerPart - 1) / rowsPerPart);
  }

  /** The encoded keys of the entities the table holds rows of. */
  public static Set<String> entityKeys(Catalog catalog, ViewProgram program) {
    Set<String> keys = new TreeSet<>();
    forEachRow(catalog, program, (key, row) -> keys.add(key));
    return keys;
  }

  /**
   * Streams the table's rows, in no particular order, to {@code row} with their encoded entity key:
   * for checks over tables too large to hold as change points.
   */
  public static void forEachRow(
      Catalog catalog, ViewProgram program, BiConsumer<String, ChangePoint> row) {
    Table table = table(catalog, program);
    List<Column> keys = program.view().entity().keys();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record record : records) {
        List<Object> keyValues = new ArrayList<>();
        keys.forEach(k -> keyValues.add(record.getField(k.name())));
        long validFrom =
            ((OffsetDateTime) record.getField(HistoryTables.VALID_FROM)).toInstant().toEpochMilli();
        Object[] values = new Object[program.spec().size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = record.getField(program.spec().feature(i).name());
        }
        row.accept(EntityKeyCodec.encode(keyValues), new ChangePoint(validFrom, values));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Table table(Catalog catalog, ViewProgram program) {
    return catalog.loadTable(
        TableIdentifier.of(HistoryTables.NAMESPACE, program.view().versionedName()));
  }
}
