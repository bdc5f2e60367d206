package dev.tributary.flink.materialize;

import dev.tributary.flink.records.ViewEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Throws once, on the first subtask that has seen a completed checkpoint: an induced failure
 * mid-stream. The test takes that checkpoint itself (the job's interval is too long to take any),
 * so where the failure falls never depends on the machine's speed. The flags are static so they
 * survive the restart (the MiniCluster runs in the test's JVM); a test resets them before it
 * starts.
 *
 * <p>Until its subtask has seen a checkpoint complete, each event is held for a few milliseconds,
 * so input is left when the test's checkpoint lands, before the failure and (when asked) after the
 * restart. Checkpoint barriers pass between events, so the hold never blocks a checkpoint.
 */
final class FailOnceAfterCheckpoint extends RichMapFunction<ViewEvent, ViewEvent>
    implements CheckpointListener {
  private static final long serialVersionUID = 1L;
  private static final long HOLD_MILLIS = 5;

  static final AtomicBoolean FAILED = new AtomicBoolean();

  /** Events the first run passed. */
  static final AtomicLong BEFORE_FAILURE = new AtomicLong();

  /** Events the restarted job passed, and how many of them before its first checkpoint. */
  static final AtomicLong AFTER_RESTART = new AtomicLong();

  static final AtomicLong AFTER_RESTART_BEFORE_CHECKPOINT = new AtomicLong();

  /** Resets the shared flag and counters before a test's run. */
  static void reset() {
    FAILED.set(false);
    BEFORE_FAILURE.set(0);
    AFTER_RESTART.set(0);
    AFTER_RESTART_BEFORE_CHECKPOINT.set(0);
  }

  private final boolean holdAfterRestart;
  private transient boolean checkpointed;

  /**
   * @param holdAfterRestart whether the restarted job also holds events until its first checkpoint,
   *     leaving the test time to take one mid-stream
   */
  FailOnceAfterCheckpoint(boolean holdAfterRestart) {
    this.holdAfterRestart = holdAfterRestart;
  }

  @Override
  public ViewEvent map(ViewEvent event) throws InterruptedException {
    if (getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
      // The first run; another subtask may already have failed and this one awaits its cancel.
      BEFORE_FAILURE.incrementAndGet();
      if (checkpointed && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("induced failure after a checkpoint");
      }
      Thread.sleep(HOLD_MILLIS);
      return event;
    }
    AFTER_RESTART.incrementAndGet();
    if (!checkpointed) {
      AFTER_RESTART_BEFORE_CHECKPOINT.incrementAndGet();
      if (holdAfterRestart) {
        Thread.sleep(HOLD_MILLIS);
      }
    }
    return event;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    checkpointed = true;
  }
}
