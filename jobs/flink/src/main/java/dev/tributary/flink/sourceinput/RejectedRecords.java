package dev.tributary.flink.sourceinput;

import dev.tributary.core.records.TimestampText;
import dev.tributary.core.rejection.RejectionLimit;
import dev.tributary.core.rejection.RejectionSummary;
import dev.tributary.core.rejection.RejectionTally;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.iceberg.DeadLetterTable;
import dev.tributary.flink.records.DeadLetter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * What a batch job does with the records it cannot use: every input is read through {@link
 * RecordReading}, the rejected records become dead letters in {@code ops.dead_letters} committed
 * with the job's output, and {@link RejectionGate} holds every sink's rows until all inputs are
 * read and fails the job, before anything commits, when more are rejected than {@code
 * --max-rejected} allows.
 *
 * <pre>
 *  input ─► RecordReading ─► good records ─► ... job ... ─► rows ─┐
 *              │  └─ tallies ─► RejectionGate ─► verdict ─────────┼─► AfterVerdict ─► sink
 *              └─ dead letters ──────────────────────────────────┴─► AfterVerdict ─► ops.dead_letters
 * </pre>
 *
 * <p>One instance per job. An input read twice in one job (the spine's source and a view's events)
 * sends its rejected records to the dead letters from its first reading only, so each bad record is
 * there once; both readings are counted in the summary, each under its own name.
 */
public final class RejectedRecords {
  private final long recordedAt;
  private final Set<SourceInput<?>> deadLettered =
      Collections.newSetFromMap(new IdentityHashMap<>());
  private DataStream<DeadLetter> deadLetters;
  private DataStream<byte[]> tallies;
  private BroadcastStream<byte[]> verdict;

  /**
   * @param recordedAt the {@code recorded_at} of every dead letter of the run (UTC ms): one instant
   *     per run, so that the summary can say which rows are this run's
   */
  public RejectedRecords(long recordedAt) {
    this.recordedAt = recordedAt;
  }

  public long recordedAt() {
    return recordedAt;
  }

  /**
   * The good records of {@code input} as {@code function} turns them, each record accounted for.
   *
   * @param inputName the input's name in the summary: {@code events of flights}
   * @param deadLetters false when the job has already sent these records' rejections (a chunk of a
   *     backfill after the first, reading the same files)
   */
  public <T, O> SingleOutputStreamOperator<O> read(
      SourceInput<T> input,
      DataStream<T> elements,
      GoodRecords<T, O> function,
      TypeInformation<O> type,
      String inputName,
      boolean deadLetters,
      String uid) {
    if (verdict != null) {
      throw new IllegalStateException("inputs must be read before the gate is built");
    }
    boolean first = deadLettered.add(input);
    SingleOutputStreamOperator<O> read =
        RecordReading.read(
            elements,
            function,
            type,
            input.source,
            inputName,
            deadLetters && first,
            recordedAt,
            uid);
    DataStream<DeadLetter> rejected = read.getSideOutput(RecordReading.DEAD_LETTERS);
    DataStream<byte[]> tally = read.getSideOutput(RecordReading.TALLIES);
    this.deadLetters = this.deadLetters == null ? rejected : this.deadLetters.union(rejected);
    this.tallies = this.tallies == null ? tally : this.tallies.union(tally);
    return read;
  }

  /** Builds the gate, once, after every input is read. */
  public void gate(RejectionLimit limit) {
    if (tallies == null) {
      throw new IllegalStateException("no input was read");
    }
    verdict =
        tallies
            .transform(
                "rejection gate (--max-rejected " + limit + ")",
                tallies.getType(),
                new RejectionGate(limit))
            .uid("rejection-gate")
            .setParallelism(1)
            .setMaxParallelism(1)
            .broadcast(AfterVerdict.VERDICT);
  }

  /** {@code rows}, let through to their sink only once the gate has let the job through. */
  public <T> DataStream<T> afterVerdict(DataStream<T> rows, String uid) {
    if (verdict == null) {
      throw new IllegalStateException("build the gate first");
    }
    return AfterVerdict.hold(rows, verdict, uid);
  }

  /** Where this run's rejected records are, as a reader of the table selects them. */
  public String whereRejected() {
    return DeadLetterTable.IDENTIFIER
        + " where recorded_at = TIMESTAMP '"
        + TimestampText.format(recordedAt)
        + "'";
  }

  /**
   * What the run made of its inputs ({@link RejectionSummary}), from the gate's accumulator in the
   * finished job's result.
   */
  public String summary(JobExecutionResult result, String whereRejected) {
    RejectionTally tally = result.getAccumulatorResult(RejectionGate.ACCUMULATOR);
    return RejectionSummary.render(tally == null ? new RejectionTally() : tally, whereRejected);
  }

  /**
   * Sends the dead letters, after the verdict, to {@code ops.dead_letters}, with {@code properties}
   * in the commit's summary.
   */
  public TableIdentifier writeDeadLetters(CatalogConfig catalog, Map<String, String> properties) {
    return DeadLetterTable.appendInBatch(
        afterVerdict(deadLetters, "dead-letters-after-verdict"), catalog, properties, "batch");
  }
}
