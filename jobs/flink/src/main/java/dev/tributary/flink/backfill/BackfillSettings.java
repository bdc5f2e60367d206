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
 * @param part what the run does: a whole backfill, or the reading pass or one chunk of a {@link
 *     ChunkedBackfill}
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
    Part part) {
  private static final long DAY = Duration.ofDays(1).toMillis();

  /**
   * What a run writes. A backfill in one run is {@link #WHOLE}; a {@link ChunkedBackfill} of
   * several runs first reads its whole range once ({@link #READING}) so that {@code --max-rejected}
   * judges the whole run before anything commits, then writes the rows chunk by chunk ({@link
   * #CHUNK}).
   */
  public enum Part {
    /** Rows, dead letters and the {@code --max-rejected} verdict, all in one job. */
    WHOLE,
    /**
     * Every input of the whole range read once through the same readers: judged against {@code
     * --max-rejected} and its rejected records sent to the dead letters; no rows.
     */
    READING,
    /**
     * The rows of some days, after a reading pass passed: no dead letters, no verdict of its own.
     */
    CHUNK
  }

  public BackfillSettings {
    if (from >= to) {
      throw new IllegalArgumentException(
          "backfill range: --from (" + from + ") must be before --to (" + to + ")");
    }
    views = List.copyOf(views);
    files = Map.copyOf(files);
    tables = Map.copyOf(tables);
    Objects.requireNonNull(maxRejected, "maxRejected");
    Objects.requireNonNull(part, "part");
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
    this(catalog, jobId, from, to, views, files, tables, RejectionLimit.DEFAULT, Part.WHOLE);
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

  /** The rows of {@code [from, to)}: one chunk of a {@link ChunkedBackfill} of this run. */
  public BackfillSettings asChunk(long from, long to) {
    return new BackfillSettings(
        catalog, jobId, from, to, views, files, tables, maxRejected, Part.CHUNK);
  }

  /** The reading pass of a {@link ChunkedBackfill} of this run: its whole range, no rows. */
  public BackfillSettings asReadingPass() {
    return new BackfillSettings(
        catalog, jobId, from, to, views, files, tables, maxRejected, Part.READING);
  }

  /** The same run failing when more than {@code limit} records of an input are rejected. */
  public BackfillSettings withMaxRejected(RejectionLimit limit) {
    return new BackfillSettings(catalog, jobId, from, to, views, files, tables, limit, part);
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
