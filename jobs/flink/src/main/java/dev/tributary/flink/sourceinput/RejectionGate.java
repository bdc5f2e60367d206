package dev.tributary.flink.sourceinput;

import dev.tributary.core.rejection.RejectionLimit;
import dev.tributary.core.rejection.RejectionSummary;
import dev.tributary.core.rejection.RejectionTally;
import dev.tributary.core.rejection.TooManyRejections;
import java.util.Optional;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.InstantiationUtil;

/**
 * The one place a batch job decides whether its output may be committed: it merges the tallies of
 * every {@link RecordReading} subtask (parallelism 1) and, at the end of its input, either fails
 * the job with {@link TooManyRejections} (no restart: the input will not get better) or emits the
 * merged tally as the verdict that releases the sinks' rows ({@link AfterVerdict}). The merged
 * tally is also the job's accumulator {@link #ACCUMULATOR}, for the command's summary.
 *
 * <pre>
 *  RecordReading (each input, each subtask) ──tallies──► RejectionGate (p=1) ──verdict, broadcast──► AfterVerdict ─► sinks
 * </pre>
 */
public final class RejectionGate extends AbstractStreamOperator<byte[]>
    implements OneInputStreamOperator<byte[], byte[]>, BoundedOneInput {
  private static final long serialVersionUID = 1L;

  /** The name of the job's accumulator holding the merged {@link RejectionTally}. */
  public static final String ACCUMULATOR = "tributary.rejections";

  private final RejectionLimit limit;
  private transient RejectionTally merged;

  RejectionGate(RejectionLimit limit) {
    this.limit = limit;
  }

  @Override
  public void open() throws Exception {
    super.open();
    merged = new RejectionTally();
  }

  @Override
  public void processElement(StreamRecord<byte[]> tally) throws Exception {
    merged.merge(
        InstantiationUtil.<RejectionTally>deserializeObject(
            tally.getValue(), getUserCodeClassloader()));
  }

  @Override
  public void endInput() throws Exception {
    Optional<String> over = limit.exceededBy(merged);
    if (over.isPresent()) {
      throw new SuppressRestartsException(
          new TooManyRejections(
              over.get(),
              RejectionSummary.render(
                  merged, "not written: the job failed before committing anything")));
    }
    getRuntimeContext().addAccumulator(ACCUMULATOR, new TallyAccumulator(merged));
    output.collect(new StreamRecord<>(InstantiationUtil.serializeObject(merged)));
  }

  /** The merged tally as a job accumulator: one gate adds it, so merging never happens. */
  static final class TallyAccumulator implements Accumulator<RejectionTally, RejectionTally> {
    private static final long serialVersionUID = 1L;
    private RejectionTally tally;

    TallyAccumulator(RejectionTally tally) {
      this.tally = tally;
    }

    @Override
    public void add(RejectionTally value) {
      tally.merge(value);
    }

    @Override
    public RejectionTally getLocalValue() {
      return tally;
    }

    @Override
    public void resetLocal() {
      tally = new RejectionTally();
    }

    @Override
    public void merge(Accumulator<RejectionTally, RejectionTally> other) {
      tally.merge(other.getLocalValue());
    }

    @Override
    public TallyAccumulator clone() {
      return new TallyAccumulator(new RejectionTally().merge(tally));
    }
  }
}
