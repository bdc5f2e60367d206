package dev.tributary.flink.monitor;

import java.io.Serializable;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;

/**
 * The watermark an operator had reached, kept across a restore. Flink does not checkpoint
 * watermarks: a job restored from a checkpoint or savepoint starts at {@code Long.MIN_VALUE} until
 * its sources advance it again, so a record that was late before the stop would look on time just
 * after it, re-open an hour already written (counting it twice) or wait for a label already gone.
 * Operators that decide lateness take {@link #of} the current watermark instead: the larger of it
 * and the watermark at the last snapshot.
 *
 * <p>Union operator state: after a rescale every subtask gets every subtask's value and keeps the
 * smallest, which no subtask had passed, so nothing on time is ever taken for late.
 */
final class RestoredWatermark implements Serializable {
  private static final long serialVersionUID = 1L;

  private transient ListState<Long> snapshots;
  private long restored = Long.MIN_VALUE;
  private long seen = Long.MIN_VALUE;

  /** Reads the watermark of the snapshot being restored from, if any. */
  void initialize(FunctionInitializationContext context) throws Exception {
    snapshots =
        context
            .getOperatorStateStore()
            .getUnionListState(new ListStateDescriptor<>("restored-watermark", Types.LONG));
    if (context.isRestored()) {
      long lowest = Long.MAX_VALUE;
      for (Long watermark : snapshots.get()) {
        lowest = Math.min(lowest, watermark);
      }
      restored = lowest == Long.MAX_VALUE ? Long.MIN_VALUE : lowest;
    }
    seen = restored;
  }

  /** The effective watermark given the operator's current one; remembers it for the snapshot. */
  long of(long current) {
    seen = Math.max(seen, current);
    return Math.max(current, restored);
  }

  /** Stores the highest watermark seen. */
  void snapshot() throws Exception {
    snapshots.update(java.util.List.of(seen));
  }
}
