package dev.tributary.flink.backfill;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.flink.execution.JobCompletion;
import dev.tributary.flink.sourceinput.ReadRange;
import dev.tributary.flink.sourceinput.SourceInputs;
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
 * ChunkedBackfillTest}), and running it again is still idempotent per day.
 *
 * <p>Rejected records are judged over the whole run, before anything commits: a range of more than
 * one chunk starts with a reading pass ({@link BackfillSettings.Part#READING}), a job that reads
 * every input of the whole range once through the same readers as the chunks and writes no rows. It
 * fails the backfill when more records are rejected than {@code --max-rejected} allows, and
 * otherwise commits the run's dead letters, each rejected record once, and gives the run's summary;
 * the chunks then write rows only. All runs read the same inputs ({@link SourceInputs}: one
 * snapshot of a table). The cost is one more read of the inputs. Atomicity across chunks is still
 * lost for other failures (a crash in a later chunk leaves the chunks before it committed, which a
 * rerun replaces).
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
   * The runs that write rows: the range's whole UTC days cut, in order, into pieces of at most
   * {@code chunkDays}; a range of one piece is one whole run.
   */
  public List<BackfillSettings> chunks() {
    List<BackfillSettings> chunks = new ArrayList<>();
    for (long first = settings.firstDay(); first < settings.endDay(); first += chunkDays * DAY) {
      chunks.add(settings.asChunk(first, Math.min(first + chunkDays * DAY, settings.endDay())));
    }
    return chunks.size() == 1 ? List.of(settings) : chunks;
  }

  /**
   * What the runs did.
   *
   * @param clearedFiles how many files of days with no rows the runs removed (see {@link
   *     BackfillJob#finish()})
   * @param rejectionSummary what the backfill made of its inputs over the whole range ({@link
   *     BackfillJob#rejectionSummary})
   */
  public record Result(int clearedFiles, String rejectionSummary) {}

  /**
   * Runs the reading pass when there is more than one chunk, then the chunks one after the other,
   * each as its own Flink job on a new environment. When more records are rejected than the
   * settings allow, the first job fails before anything commits and nothing after it starts.
   */
  public Result run(Supplier<StreamExecutionEnvironment> environments) throws Exception {
    List<BackfillSettings> chunks = chunks();
    SourceInputs inputs = settings.inputs();
    String summary = null;
    if (chunks.size() > 1) {
      BackfillJob reading = new BackfillJob(repository, settings.asReadingPass(), inputs);
      JobExecutionResult result = execute(reading, environments, ": reading every input");
      reading.finish();
      summary = reading.rejectionSummary(result);
    }
    int cleared = 0;
    for (BackfillSettings chunk : chunks) {
      BackfillJob job = new BackfillJob(repository, chunk, inputs);
      JobExecutionResult result = execute(job, environments, "");
      cleared += job.finish();
      if (summary == null) {
        summary = job.rejectionSummary(result);
      }
    }
    return new Result(cleared, summary);
  }

  private static JobExecutionResult execute(
      BackfillJob job, Supplier<StreamExecutionEnvironment> environments, String what)
      throws Exception {
    StreamExecutionEnvironment env = environments.get();
    job.build(env);
    return JobCompletion.execute(
        env,
        "tributary backfill ["
            + Instant.ofEpochMilli(job.settings().firstDay())
            + ", "
            + Instant.ofEpochMilli(job.settings().endDay())
            + ")"
            + what);
  }
}
