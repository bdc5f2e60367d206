package dev.tributary.flink.backfill;

import dev.tributary.core.defs.FileInput;
import dev.tributary.core.rejection.RejectionLimit;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.sourceinput.SourceInputs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one backfill run does.
 *
 * @param catalog the Iceberg catalog of the history tables
 * @param jobId written to every row's {@code job_id} and to the commit's summary
 * @param from start of the range (UTC ms); widened down to midnight UTC
 * @param to end of the range, exclusive (UTC ms); widened up to midnight UTC
 * @param views names of the views to backfill; empty for every offline view over a source with
 *     files
 * @param files per source name, files to read instead of the input the definition names
 * @param tables per source name, an Iceberg table {@code namespace.table} to read instead
 * @param maxRejected how many rejected records per input fail the run before it commits
 * @param chunk which run of a {@link ChunkedBackfill} this is, from 0: the runs after the first do
 *     not send the rejected records of files again (they read the same files)
 */
public record BackfillSettings(
    CatalogConfig catalog,
    String jobId,
    long from,
    long to,
    List<String> views,
    Map<String, FileInput> files,
    Map<String, String> tables,
    RejectionLimit maxRejected,
    int chunk) {
  private static final long DAY = Duration.ofDays(1).toMillis();

  public BackfillSettings {
    if (from >= to) {
      throw new IllegalArgumentException(
          "backfill range: --from (" + from + ") must be before --to (" + to + ")");
    }
    views = List.copyOf(views);
    files = Map.copyOf(files);
    tables = Map.copyOf(tables);
    Objects.requireNonNull(maxRejected, "maxRejected");
  }

  /** A whole run, with the default limit on rejected records. */
  public BackfillSettings(
      CatalogConfig catalog,
      String jobId,
      long from,
      long to,
      List<String> views,
      Map<String, FileInput> files,
      Map<String, String> tables) {
    this(catalog, jobId, from, to, views, files, tables, RejectionLimit.DEFAULT, 0);
  }

  /** A run that reads files or the definitions' inputs, no table given for the run. */
  public BackfillSettings(
      CatalogConfig catalog,
      String jobId,
      long from,
      long to,
      List<String> views,
      Map<String, FileInput> files) {
    this(catalog, jobId, from, to, views, files, Map.of());
  }

  /** The same run over another range: chunk {@code chunk} of a {@link ChunkedBackfill}. */
  public BackfillSettings asChunk(int chunk, long from, long to) {
    return new BackfillSettings(catalog, jobId, from, to, views, files, tables, maxRejected, chunk);
  }

  /** The same run failing when more than {@code limit} records of an input are rejected. */
  public BackfillSettings withMaxRejected(RejectionLimit limit) {
    return new BackfillSettings(catalog, jobId, from, to, views, files, tables, limit, chunk);
  }

  /** Where each source's events are read from. */
  SourceInputs inputs() {
    return new SourceInputs(catalog, files, tables);
  }

  /**
   * The first instant of the rows replaced: history tables are partitioned by day of {@code
   * valid_from}, and a backfill replaces whole partitions, so its range is whole UTC days.
   */
  public long firstDay() {
    return Math.floorDiv(from, DAY) * DAY;
  }

  /** The end of the rows replaced, exclusive: midnight UTC at or after {@code to}. */
  public long endDay() {
    return Math.floorDiv(to + DAY - 1, DAY) * DAY;
  }
}
