package dev.tributary.core.monitor.quality;

import java.util.List;

/**
 * The quality of one version in one window, as written to {@code monitoring.model_metrics}.
 *
 * @param count labelled predictions
 * @param positives of them, labelled positive
 * @param baseRate positives / count
 * @param accuracy share of predictions on the right side of the model's threshold
 * @param auc AUC from the score histogram
 * @param aucErrorBound largest distance from the AUC of the unbinned scores
 * @param aucStandardError DeLong standard error, for confidence bands ({@code auc +- 1.96 se})
 * @param logLoss mean log loss, scores clipped to [1e-15, 1 - 1e-15]
 * @param brier mean squared difference of score and label
 * @param reliability the reliability diagram
 */
public record QualityResult(
    long count,
    long positives,
    double baseRate,
    double accuracy,
    double auc,
    double aucErrorBound,
    double aucStandardError,
    double logLoss,
    double brier,
    List<ReliabilityBin> reliability) {

  public QualityResult {
    reliability = List.copyOf(reliability);
  }
}
