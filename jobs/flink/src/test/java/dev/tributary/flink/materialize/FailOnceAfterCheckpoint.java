package dev.tributary.flink.materialize;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Throws once, on the first subtask that has seen a completed checkpoint and passed {@code events}
 * events: an induced failure mid-stream. The flag is static so it survives the restart (the
 * MiniCluster runs in the test's JVM); a test resets it before it starts.
 */
final class FailOnceAfterCheckpoint extends RichMapFunction<ViewEvent, ViewEvent> implements CheckpointListener {
  private static final long serialVersionUID = 1L;
  static final AtomicBoolean FAILED = new AtomicBoolean();

  private final long events;
  private transient long seen;
  private transient boolean checkpointed;

  FailOnceAfterCheckpoint(long events) {
    this.events = events;
  }

  @Override
  public ViewEvent map(ViewEvent event) {
    if (++seen >= events && checkpointed && FAILED.compareAndSet(false, true)) {
      throw new IllegalStateException("induced failure after " + seen + " events");
    }
    return event;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    checkpointed = true;
  }
}
