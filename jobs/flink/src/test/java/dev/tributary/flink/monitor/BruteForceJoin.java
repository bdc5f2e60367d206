package dev.tributary.flink.monitor;

import dev.tributary.core.monitor.labels.JoinOutcome;
import dev.tributary.core.monitor.labels.LabelEvent;
import dev.tributary.core.monitor.labels.Prediction;
import java.util.List;

/**
 * The label join when the watermark moves only at the end of input: a prediction at {@code t} is
 * labelled by the first label of its key with a time in {@code [t, t + wait]}, else unlabelled.
 */
final class BruteForceJoin {
  private BruteForceJoin() {}

  static JoinOutcome outcome(Prediction p, List<LabelEvent> labels, long wait) {
    LabelEvent label =
        labels.stream()
            .filter(l -> l.key().equals(p.key()))
            .filter(l -> l.time() >= p.time() && l.time() <= p.time() + wait)
            .findFirst()
            .orElse(null);
    return new JoinOutcome(
        p, label == null ? JoinOutcome.Status.UNLABELLED : JoinOutcome.Status.LABELLED, label);
  }
}
