package dev.tributary.flink.training;

import dev.tributary.core.defs.FileInput;
import dev.tributary.core.rejection.RejectionLimit;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.sourceinput.SourceInputs;
import java.util.Map;
import java.util.Objects;

/**
 * What one training-set run does.
 *
 * @param catalog the Iceberg catalog: history tables are read from it, the training set written to
 *     it
 * @param name the training set: table {@code training.<name>}, statistics {@code
 *     training.<name>__stats}
 * @param from spine rows with as-of times from here (UTC ms, inclusive)
 * @param to to here (exclusive)
 * @param strategy how feature values are obtained; both give the same values
 * @param jobId for lineage (a table property)
 * @param files per source name, files to read instead of the input the definition names (the
 *     spine's source, and the views' sources when recomputing)
 * @param tables per source name, an Iceberg table {@code namespace.table} to read instead
 * @param bins quantile bins of the baseline statistics (10 or 20 are usual)
 * @param parquetOrNull where to write the training set as well, as one Parquet file: a local path,
 *     or a URI the catalog's FileIO writes ({@code s3://...}); null for none
 * @param maxRejected how many rejected records per input fail the run before it commits
 * @param inMemoryJoinRows the history join holds a view's history rows in memory and joins by hash
 *     ({@link HashedHistoryLookup}) when the view's table has at most this many rows in the range,
 *     and sorts both sides by entity otherwise ({@link HistoryJoinLookup}), in bounded memory
 */
public record TrainingSetSettings(
    CatalogConfig catalog,
    String name,
    long from,
    long to,
    TrainingStrategy strategy,
    String jobId,
    Map<String, FileInput> files,
    Map<String, String> tables,
    int bins,
    String parquetOrNull,
    RejectionLimit maxRejected,
    long inMemoryJoinRows) {

  /**
   * Rows of one view's history in the range that the history join holds in memory by default: at a
   * few tens of bytes a row (a time, a reference, the encoded values), a few hundred MB spread over
   * the job's tasks.
   */
  public static final long DEFAULT_IN_MEMORY_JOIN_ROWS = 5_000_000;

  public TrainingSetSettings {
    if (from >= to) {
      throw new IllegalArgumentException(
          "training set '" + name + "': --from (" + from + ") must be before --to (" + to + ")");
    }
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "training set name '" + name + "': use lower-case letters, digits and _");
    }
    files = Map.copyOf(files);
    tables = Map.copyOf(tables);
    parquetOrNull = parquetOrNull == null ? null : TrainingParquet.normalized(parquetOrNull);
    Objects.requireNonNull(maxRejected, "maxRejected");
    if (inMemoryJoinRows < 0) {
      throw new IllegalArgumentException(
          "training set '"
              + name
              + "': in-memory join rows must be 0 or more: "
              + inMemoryJoinRows);
    }
  }

  /** A run with the default limit on rejected records. */
  public TrainingSetSettings(
      CatalogConfig catalog,
      String name,
      long from,
      long to,
      TrainingStrategy strategy,
      String jobId,
      Map<String, FileInput> files,
      Map<String, String> tables,
      int bins,
      String parquetOrNull) {
    this(
        catalog,
        name,
        from,
        to,
        strategy,
        jobId,
        files,
        tables,
        bins,
        parquetOrNull,
        RejectionLimit.DEFAULT,
        DEFAULT_IN_MEMORY_JOIN_ROWS);
  }

  /** The same run failing when more than {@code limit} records of an input are rejected. */
  public TrainingSetSettings withMaxRejected(RejectionLimit limit) {
    return new TrainingSetSettings(
        catalog,
        name,
        from,
        to,
        strategy,
        jobId,
        files,
        tables,
        bins,
        parquetOrNull,
        limit,
        inMemoryJoinRows);
  }

  /**
   * The same run holding a view's history in memory for the join up to {@code rows} rows in the
   * range (0: never, every view sorted by entity).
   */
  public TrainingSetSettings withInMemoryJoinRows(long rows) {
    return new TrainingSetSettings(
        catalog,
        name,
        from,
        to,
        strategy,
        jobId,
        files,
        tables,
        bins,
        parquetOrNull,
        maxRejected,
        rows);
  }

  /** A run that reads files or the definitions' inputs, and writes the Iceberg table only. */
  public TrainingSetSettings(
      CatalogConfig catalog,
      String name,
      long from,
      long to,
      TrainingStrategy strategy,
      String jobId,
      Map<String, FileInput> files,
      int bins) {
    this(catalog, name, from, to, strategy, jobId, files, Map.of(), bins, null);
  }

  /** Where each source's records are read from. */
  SourceInputs inputs() {
    return new SourceInputs(catalog, files, tables);
  }
}
