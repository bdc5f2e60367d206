package dev.tributary.flink.backfill;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.flink.sourceinput.ReadRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A backfill of a long range run as consecutive {@link BackfillJob}s of at most {@code chunkDays}
 * days each, so that memory holds one chunk's rows, not the whole range's.
 *
 * <p>Why: the history tables declare identifier columns (the entity keys and {@code valid_from})
 * for the streaming job's corrections, so Iceberg's Flink sink writes them through its
 * equality-delta writer. That writer remembers every row it wrote (key to file and position, so
 * that a later delete of the same key becomes a position delete) and keeps one Parquet writer per
 * day partition open, its pages buffered, until the end of the checkpoint; in BATCH mode the only
 * checkpoint is the end of input. A single run's heap therefore grows with every row it writes (see
 * the "Memory" part of docs/batch.md for the measured figures). A backfill never deletes, but the
 * sink cannot be told so while the table declares identifier columns.
 *
 * <p>Each chunk is a complete backfill: it reads back from its own first day as far as the windows
 * and the TTL need ({@link ReadRange}), replaces its own days and clears the days of its own range
 * it wrote nothing into. So the chunks together write what one run over the range would ({@code
 * ChunkedBackfillTest}), and running it again is still idempotent per day. Only atomicity across
 * chunks is lost: a failed run leaves the chunks before it committed, which a rerun replaces.
 */
public final class ChunkedBackfill {
  /**
   * Days per run unless told otherwise: 30 days of the three flights views stay within 2 GB of
   * heap.
   */
  public static final int DEFAULT_CHUNK_DAYS = 30;

  private static final long DAY = Duration.ofDays(1).toMillis();

  private final FeatureRepository repository;
  private final BackfillSettings settings;
  private final int chunkDays;

  public ChunkedBackfill(FeatureRepository repository, BackfillSettings settings, int chunkDays) {
    if (chunkDays < 1) {
      throw new IllegalArgumentException(
          "backfill chunk: " + chunkDays + " days, must be at least 1");
    }
    this.repository = repository;
    this.settings = settings;
    this.chunkDays = chunkDays;
  }

  /**
   * The runs: the range's whole UTC days cut, in order, into pieces of at most {@code chunkDays}.
   */
  public List<BackfillSettings> chunks() {
    List<BackfillSettings> chunks = new ArrayList<>();
    for (long first = settings.firstDay(); first < settings.endDay(); first += chunkDays * DAY) {
      chunks.add(
          settings.asChunk(
              chunks.size(), first, Math.min(first + chunkDays * DAY, settings.endDay())));
    }
    return chunks;
  }

  /**
   * What the runs did.
   *
   * @param clearedFiles how many files of days with no rows the runs removed (see {@link
   *     BackfillJob#finish()})
   * @param rejectionSummaries per run, what it made of its inputs ({@link
   *     BackfillJob#rejectionSummary})
   */
  public record Result(int clearedFiles, List<String> rejectionSummaries) {}

  /**
   * Runs the chunks one after the other, each as its own Flink job on a new environment; a run that
   * rejects more records than its settings allow fails before committing, and the runs after it do
   * not start.
   */
  public Result run(Supplier<StreamExecutionEnvironment> environments) throws Exception {
    int cleared = 0;
    List<String> summaries = new ArrayList<>();
    for (BackfillSettings chunk : chunks()) {
      BackfillJob job = new BackfillJob(repository, chunk);
      StreamExecutionEnvironment env = environments.get();
      job.build(env);
      JobExecutionResult result =
          env.execute(
              "tributary backfill ["
                  + Instant.ofEpochMilli(chunk.firstDay())
                  + ", "
                  + Instant.ofEpochMilli(chunk.endDay())
                  + ")");
      cleared += job.finish();
      summaries.add(job.rejectionSummary(result));
    }
    return new Result(cleared, summaries);
  }
}
