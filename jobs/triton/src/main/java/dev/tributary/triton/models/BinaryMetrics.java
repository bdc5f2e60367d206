package dev.tributary.triton.models;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Held-out metrics of a probability of the positive class: ROC AUC (with ties), log loss, accuracy.
 */
public final class BinaryMetrics {

  private BinaryMetrics() {}

  /** Probability that a random positive scores above a random negative, ties counting half. */
  public static double auc(float[] scores, boolean[] positive) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double rankSumPositive = 0;
    long positives = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (positive[order[k]]) {
          rankSumPositive += averageRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = scores.length - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  public static double logLoss(float[] probabilities, boolean[] positive) {
    double sum = 0;
    for (int i = 0; i < probabilities.length; i++) {
      double p = Math.min(1 - 1e-7, Math.max(1e-7, probabilities[i]));
      sum -= positive[i] ? Math.log(p) : Math.log(1 - p);
    }
    return sum / probabilities.length;
  }

  public static double accuracy(float[] probabilities, boolean[] positive) {
    long right = 0;
    for (int i = 0; i < probabilities.length; i++) {
      right += (probabilities[i] > 0.5) == positive[i] ? 1 : 0;
    }
    return (double) right / probabilities.length;
  }
}
