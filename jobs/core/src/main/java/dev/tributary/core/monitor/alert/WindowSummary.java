package dev.tributary.core.monitor.alert;

import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.drift.DriftResult;
import dev.tributary.core.monitor.latency.LatencyPercentiles;
import dev.tributary.core.monitor.quality.QualityResult;
import java.util.List;

/**
 * Everything known about one version of a model in one window, which alert rules are evaluated
 * over.
 *
 * @param quality quality of the labelled predictions; null when none were labelled
 * @param trainingAuc AUC of this version on its training or validation set; null when unknown
 * @param requestLatency request-to-prediction latency
 * @param requests requests routed to the version that the window counts: its predictions, plus its
 *     dead letters in the error-rate window ({@code ErrorWindow}); the other windows count no dead
 *     letters and say {@code errors = 0}
 * @param errors of them, ended as dead letters
 * @param labelled predictions whose label arrived within the label wait
 * @param unlabelled predictions whose label wait ended without a label
 */
public record WindowSummary(
    String model,
    String version,
    WindowKey window,
    QualityResult quality,
    Double trainingAuc,
    List<DriftResult> drift,
    LatencyPercentiles requestLatency,
    long requests,
    long errors,
    long labelled,
    long unlabelled) {

  public WindowSummary {
    drift = List.copyOf(drift);
  }

  /**
   * {@code errors / requests}: dead letters over predictions plus dead letters; NaN without any.
   */
  public double errorRate() {
    return requests == 0 ? Double.NaN : (double) errors / requests;
  }

  /** Share of finished predictions that got their label; NaN when none finished. */
  public double labelCoverage() {
    long finished = labelled + unlabelled;
    return finished == 0 ? Double.NaN : (double) labelled / finished;
  }
}
