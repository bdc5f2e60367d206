package dev.tributary.core.monitor.labels;

import dev.tributary.core.monitor.WritableState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The label join of one key (a Flink operator keeps one per join key and calls {@link #onWatermark}
 * from an event-time timer at {@link #nextTimer()}). The rules, in event time with watermark {@code
 * W} (a record is late when its time is at or below {@code W}, as in Flink):
 *
 * <ol>
 *   <li>A prediction at {@code tp} that arrives late ({@code tp <= W}) is {@code LATE}.
 *   <li>Otherwise it joins the first label, in arrival order, with the same key and time {@code tl}
 *       in {@code [tp, tp + label_wait]} that arrives before the watermark reaches {@code tp +
 *       label_wait}, whether that label came before or after the prediction, on time or late; it is
 *       emitted as soon as that label is there.
 *   <li>When the watermark reaches {@code tp + label_wait} with no such label, it is {@code
 *       UNLABELLED}.
 * </ol>
 *
 * A label is held until the watermark reaches its time, since no prediction it could join can still
 * arrive on time after that; a late label joins only predictions still waiting. One label joins
 * every waiting prediction of its key (several versions or retries of one request).
 */
public final class LabelJoinState implements WritableState {
  private final long labelWait;
  private final List<Prediction> waiting = new ArrayList<>();
  private final List<LabelEvent> held = new ArrayList<>();

  /** An empty join for one key; {@code labelWaitMillis} is the model's {@code label_wait}. */
  public LabelJoinState(long labelWaitMillis) {
    if (labelWaitMillis < 0) {
      throw new IllegalArgumentException("label wait must not be negative: " + labelWaitMillis);
    }
    this.labelWait = labelWaitMillis;
  }

  public List<JoinOutcome> onPrediction(Prediction prediction, long watermark) {
    if (prediction.time() <= watermark) {
      return List.of(new JoinOutcome(prediction, JoinOutcome.Status.LATE, null));
    }
    for (LabelEvent label : held) {
      if (joins(prediction, label)) {
        return List.of(new JoinOutcome(prediction, JoinOutcome.Status.LABELLED, label));
      }
    }
    waiting.add(prediction);
    return List.of();
  }

  public List<JoinOutcome> onLabel(LabelEvent label, long watermark) {
    List<JoinOutcome> outcomes = new ArrayList<>();
    for (Iterator<Prediction> it = waiting.iterator(); it.hasNext(); ) {
      Prediction prediction = it.next();
      if (joins(prediction, label)) {
        outcomes.add(new JoinOutcome(prediction, JoinOutcome.Status.LABELLED, label));
        it.remove();
      }
    }
    if (label.time() > watermark) {
      held.add(label);
    }
    return outcomes;
  }

  /** The watermark reached {@code watermark}: waits that ended, labels no longer needed. */
  public List<JoinOutcome> onWatermark(long watermark) {
    List<JoinOutcome> outcomes = new ArrayList<>();
    for (Iterator<Prediction> it = waiting.iterator(); it.hasNext(); ) {
      Prediction prediction = it.next();
      if (deadline(prediction) <= watermark) {
        outcomes.add(new JoinOutcome(prediction, JoinOutcome.Status.UNLABELLED, null));
        it.remove();
      }
    }
    held.removeIf(label -> label.time() <= watermark);
    return outcomes;
  }

  /** The earliest event time at which {@link #onWatermark} has work; MAX_VALUE when empty. */
  public long nextTimer() {
    long next = Long.MAX_VALUE;
    for (Prediction prediction : waiting) {
      next = Math.min(next, deadline(prediction));
    }
    for (LabelEvent label : held) {
      next = Math.min(next, label.time());
    }
    return next;
  }

  public boolean isEmpty() {
    return waiting.isEmpty() && held.isEmpty();
  }

  private boolean joins(Prediction prediction, LabelEvent label) {
    return label.time() >= prediction.time() && label.time() <= deadline(prediction);
  }

  private long deadline(Prediction prediction) {
    return prediction.time() + labelWait;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeLong(labelWait);
    out.writeInt(waiting.size());
    for (Prediction p : waiting) {
      out.writeUTF(p.key());
      out.writeUTF(p.requestId());
      out.writeLong(p.time());
      out.writeUTF(p.version());
      out.writeDouble(p.score());
    }
    out.writeInt(held.size());
    for (LabelEvent label : held) {
      out.writeUTF(label.key());
      out.writeLong(label.time());
      out.writeBoolean(label.value());
    }
  }

  public static LabelJoinState read(DataInput in) throws IOException {
    LabelJoinState state = new LabelJoinState(in.readLong());
    for (int i = in.readInt(); i > 0; i--) {
      state.waiting.add(
          new Prediction(in.readUTF(), in.readUTF(), in.readLong(), in.readUTF(), in.readDouble()));
    }
    for (int i = in.readInt(); i > 0; i--) {
      state.held.add(new LabelEvent(in.readUTF(), in.readLong(), in.readBoolean()));
    }
    return state;
  }
}
