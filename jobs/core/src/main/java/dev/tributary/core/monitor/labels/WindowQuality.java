package dev.tributary.core.monitor.labels;

import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.WritableState;
import dev.tributary.core.monitor.alert.WindowSummary;
import dev.tributary.core.monitor.quality.QualityState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * What the monitor job keeps per version and window of label-join outcomes: the {@link
 * QualityState} of the labelled predictions and the counts behind label coverage (labelled,
 * unlabelled, late).
 */
public final class WindowQuality implements WritableState {
  private final QualityState quality;
  private long labelled;
  private long unlabelled;
  private long late;

  public WindowQuality(double threshold) {
    this(new QualityState(threshold));
  }

  private WindowQuality(QualityState quality) {
    this.quality = quality;
  }

  public void add(JoinOutcome outcome) {
    switch (outcome.status()) {
      case LABELLED -> {
        labelled++;
        quality.add(outcome.prediction().score(), outcome.label().value());
      }
      case UNLABELLED -> unlabelled++;
      case LATE -> late++;
    }
  }

  public long late() {
    return late;
  }

  /**
   * The window as alert rules and {@code monitoring.model_metrics} see it (no drift, latency).
   *
   * @param trainingAuc the version's AUC on its held-out rows, for the {@code auc_drop} rule; null
   *     when unknown
   */
  public WindowSummary summary(String model, String version, WindowKey window, Double trainingAuc) {
    return new WindowSummary(
        model,
        version,
        window,
        labelled == 0 ? null : quality.result(),
        trainingAuc,
        List.of(),
        null,
        labelled + unlabelled + late,
        0,
        labelled,
        unlabelled);
  }

  @Override
  public void write(DataOutput out) throws IOException {
    quality.write(out);
    out.writeLong(labelled);
    out.writeLong(unlabelled);
    out.writeLong(late);
  }

  public static WindowQuality read(DataInput in) throws IOException {
    WindowQuality state = new WindowQuality(QualityState.read(in));
    state.labelled = in.readLong();
    state.unlabelled = in.readLong();
    state.late = in.readLong();
    return state;
  }
}
