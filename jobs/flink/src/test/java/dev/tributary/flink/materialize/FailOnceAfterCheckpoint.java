package dev.tributary.flink.materialize;

import dev.tributary.flink.records.ViewEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Throws once, on the first subtask that has seen a completed checkpoint and passed {@code events}
 * events: an induced failure mid-stream. The flag is static so it survives the restart (the
 * MiniCluster runs in the test's JVM); a test resets it before it starts.
 *
 * <p>Optionally it holds each event for a millisecond until that first checkpoint completes, so a
 * job whose first checkpoint comes late still has input left to fail in; the restarted job then
 * runs at full speed.
 */
final class FailOnceAfterCheckpoint extends RichMapFunction<ViewEvent, ViewEvent>
    implements CheckpointListener {
  private static final long serialVersionUID = 1L;
  static final AtomicBoolean FAILED = new AtomicBoolean();

  /** Events the restarted job passed, and how many of them before its first checkpoint. */
  static final AtomicLong AFTER_RESTART = new AtomicLong();

  static final AtomicLong AFTER_RESTART_BEFORE_CHECKPOINT = new AtomicLong();

  /** Resets the shared flag and counters before a test's run. */
  static void reset() {
    FAILED.set(false);
    AFTER_RESTART.set(0);
    AFTER_RESTART_BEFORE_CHECKPOINT.set(0);
  }

  private final long events;
  private final boolean slowUntilCheckpoint;
  private transient long seen;
  private transient boolean checkpointed;

  FailOnceAfterCheckpoint(long events, boolean slowUntilCheckpoint) {
    this.events = events;
    this.slowUntilCheckpoint = slowUntilCheckpoint;
  }

  @Override
  public ViewEvent map(ViewEvent event) throws InterruptedException {
    if (FAILED.get()) {
      AFTER_RESTART.incrementAndGet();
      if (!checkpointed) {
        AFTER_RESTART_BEFORE_CHECKPOINT.incrementAndGet();
      }
    }
    if (++seen >= events && checkpointed && FAILED.compareAndSet(false, true)) {
      throw new IllegalStateException("induced failure after " + seen + " events");
    }
    if (slowUntilCheckpoint && !checkpointed && !FAILED.get()) {
      Thread.sleep(1);
    }
    return event;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    checkpointed = true;
  }
}
