package dev.tributary.flink.backfill;

import dev.tributary.core.plan.HistoryTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFiles;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The day partitions of a history table in a backfill's range. The Iceberg sink's overwrite mode
 * replaces the days it writes rows into, atomically; a day of the range into which the backfill
 * wrote nothing (no entity changed that day) still holds the old rows, and this class removes them.
 */
final class DayPartitions {
  private static final long DAY = Duration.ofDays(1).toMillis();

  private DayPartitions() {}

  /**
   * Deletes the data files of days in {@code [firstDay, endDay)} that the backfill's commit (the
   * table's current snapshot, when newer than {@code before}) did not replace.
   *
   * @return how many files were deleted
   */
  static int clearUnwritten(Table table, long firstDay, long endDay, Long before) {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    Set<Integer> written = new HashSet<>();
    if (current != null && (before == null || current.snapshotId() != before)) {
      for (DataFile file : current.addedDataFiles(table.io())) {
        written.add(day(file));
      }
    }
    List<DataFile> stale = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks =
        table
            .newScan()
            .filter(
                Expressions.and(
                    Expressions.greaterThanOrEqual(HistoryTables.VALID_FROM, firstDay * 1000),
                    Expressions.lessThan(HistoryTables.VALID_FROM, endDay * 1000)))
            .planFiles()) {
      for (FileScanTask task : tasks) {
        int day = day(task.file());
        if (day >= firstDay / DAY && day < endDay / DAY && !written.contains(day)) {
          stale.add(task.file());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "planning the files of " + table.name() + ": " + e.getMessage(), e);
    }
    if (!stale.isEmpty()) {
      DeleteFiles delete = table.newDelete();
      stale.forEach(delete::deleteFile);
      delete.commit();
    }
    return stale.size();
  }

  private static int day(DataFile file) {
    return file.partition().get(0, Integer.class);
  }
}
