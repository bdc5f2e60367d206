package dev.tributary.flink.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFiles;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Makes a batch run's dead letters idempotent: a rerun of the same range over the same input
 * replaces the dead letters of the earlier runs as it replaces their rows. Each batch run commits
 * its dead letters in data files of their own, their snapshot's summary naming the run's scope
 * ({@link #SCOPE}: the job, its range and the exact input read) and its job id; after the run, the
 * data files that earlier runs of the same scope added, and that are still live, are deleted in one
 * commit that only removes files. The streaming job's dead letters carry no scope and are never
 * touched.
 */
public final class DeadLetterRuns {
  /** Snapshot summary property: what a batch run's dead letters are of. */
  public static final String SCOPE = "tributary.dead-letters-of";

  /** Snapshot summary property: the run. */
  public static final String JOB_ID = "tributary.job-id";

  private DeadLetterRuns() {}

  /**
   * Deletes the dead letters earlier runs of {@code scope} committed, keeping run {@code jobId}'s.
   *
   * @return how many data files were removed
   */
  public static int replaceEarlier(Table table, String scope, String jobId) {
    table.refresh();
    Set<String> earlier = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      if (scope.equals(snapshot.summary().get(SCOPE))
          && !jobId.equals(snapshot.summary().get(JOB_ID))) {
        snapshot.addedDataFiles(table.io()).forEach(file -> earlier.add(file.location()));
      }
    }
    if (earlier.isEmpty()) {
      return 0;
    }
    DeleteFiles delete = table.newDelete();
    int removed = 0;
    try (CloseableIterable<FileScanTask> live = table.newScan().planFiles()) {
      for (FileScanTask task : live) {
        DataFile file = task.file();
        if (earlier.contains(file.location())) {
          delete.deleteFile(file);
          removed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the files of " + table.name(), e);
    }
    if (removed > 0) {
      delete.set(JOB_ID, jobId).set("tributary.replaced-dead-letters-of", scope).commit();
    }
    return removed;
  }
}
