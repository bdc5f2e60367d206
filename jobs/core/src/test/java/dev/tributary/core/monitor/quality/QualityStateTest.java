package dev.tributary.core.monitor.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.monitor.KnownAnswers;
import dev.tributary.core.monitor.WritableState;
import dev.tributary.core.window.Seeds;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Quality statistics against numpy/scipy (known_answers.py). */
class QualityStateTest {
  private static final KnownAnswers KNOWN = KnownAnswers.get();

  @ParameterizedTest
  @ValueSource(strings = {"q.a", "q.b", "c.a", "c.b"})
  void countsAccuracyLogLossBrierAndCalibrationEqualNumpy(String prefix) {
    QualityResult result = KNOWN.quality(prefix).result();
    assertEquals(KNOWN.array(prefix + ".scores").length, result.count());
    assertEquals(KNOWN.value(prefix + ".base_rate"), result.baseRate(), 1e-12);
    assertEquals(KNOWN.value(prefix + ".accuracy"), result.accuracy(), 1e-12);
    assertEquals(KNOWN.value(prefix + ".log_loss"), result.logLoss(), 1e-12);
    assertEquals(KNOWN.value(prefix + ".brier"), result.brier(), 1e-12);
    double[] counts = KNOWN.array(prefix + ".reliability_count");
    double[] meanScores = KNOWN.array(prefix + ".reliability_mean_score");
    double[] rates = KNOWN.array(prefix + ".reliability_rate");
    for (int i = 0; i < 10; i++) {
      ReliabilityBin bin = result.reliability().get(i);
      assertEquals((long) counts[i], bin.count(), "bin " + i);
      assertEquals(meanScores[i], bin.meanScore(), 1e-12, "bin " + i);
      assertEquals(rates[i], bin.observedRate(), 1e-12, "bin " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"q.a", "q.b"})
  void scoresOnBinBoundariesGiveTheExactAucAndDeLongVariance(String prefix) {
    QualityResult result = KNOWN.quality(prefix).result();
    assertEquals(KNOWN.value(prefix + ".auc"), result.auc(), 1e-12);
    assertEquals(
        Math.sqrt(KNOWN.value(prefix + ".auc_variance")), result.aucStandardError(), 1e-12);
  }

  @ParameterizedTest
  @ValueSource(strings = {"c.a", "c.b"})
  void continuousScoresGiveAnAucWithinTheStatedBound(String prefix) {
    QualityResult result = KNOWN.quality(prefix).result();
    double exact = KNOWN.value(prefix + ".auc");
    assertTrue(
        Math.abs(result.auc() - exact) <= result.aucErrorBound(),
        () -> result.auc() + " vs exact " + exact + ", bound " + result.aucErrorBound());
    assertTrue(result.aucErrorBound() < 0.002, "1024 bins keep the bound small");
    assertEquals(Math.sqrt(KNOWN.value(prefix + ".auc_variance")), result.aucStandardError(), 1e-4);
  }

  @Test
  void theBoundHoldsAndIsTightOnRandomTiesAndSpreads() {
    long seed = Seeds.base();
    Random random = new Random(seed);
    for (int round = 0; round < 50; round++) {
      int n = 20 + random.nextInt(300);
      double[] scores = new double[n];
      boolean[] labels = new boolean[n];
      ScoreHistogram histogram = new ScoreHistogram(1 + random.nextInt(64));
      for (int i = 0; i < n; i++) {
        labels[i] = random.nextDouble() < 0.4;
        scores[i] =
            random.nextBoolean()
                ? random.nextDouble()
                : Math.min(1, Math.max(0, (labels[i] ? 0.6 : 0.4) + random.nextGaussian() * 0.2));
        histogram.add(scores[i], labels[i]);
      }
      double exact = bruteForceAuc(scores, labels);
      String context = "seed " + seed + " round " + round;
      if (Double.isNaN(exact)) {
        assertTrue(Double.isNaN(histogram.auc()), context);
        continue;
      }
      assertTrue(
          Math.abs(histogram.auc() - exact) <= histogram.aucErrorBound() + 1e-12,
          context + ": " + histogram.auc() + " vs " + exact);
    }
  }

  /** AUC by definition: the share of (positive, negative) pairs ordered right, ties one half. */
  static double bruteForceAuc(double[] scores, boolean[] labels) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < scores.length; i++) {
      for (int j = 0; j < scores.length; j++) {
        if (labels[i] && !labels[j]) {
          pairs++;
          wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
        }
      }
    }
    return pairs == 0 ? Double.NaN : wins / pairs;
  }

  @Test
  void mergedHalvesAndBytesRoundTripGiveTheWholeResult() {
    double[] scores = KNOWN.array("c.a.scores");
    boolean[] labels = KNOWN.labels("c.a.labels");
    QualityState first = new QualityState(0.5);
    QualityState second = new QualityState(0.5);
    for (int i = 0; i < scores.length; i++) {
      (i % 3 == 0 ? first : second).add(scores[i], labels[i]);
    }
    QualityState restored = WritableState.fromBytes(first.toBytes(), QualityState::read);
    restored.merge(WritableState.fromBytes(second.toBytes(), QualityState::read));
    QualityResult whole = KNOWN.quality("c.a").result();
    QualityResult merged = restored.result();
    assertEquals(whole.count(), merged.count());
    assertEquals(whole.auc(), merged.auc(), 1e-12);
    assertEquals(whole.logLoss(), merged.logLoss(), 1e-12);
    assertEquals(whole.brier(), merged.brier(), 1e-12);
    assertEquals(whole.accuracy(), merged.accuracy(), 1e-12);
    for (int i = 0; i < whole.reliability().size(); i++) {
      assertEquals(whole.reliability().get(i).count(), merged.reliability().get(i).count());
      assertEquals(
          whole.reliability().get(i).meanScore(), merged.reliability().get(i).meanScore(), 1e-12);
    }
    assertTrue(restored.toBytes().length < 8_000, "state bytes: " + restored.toBytes().length);
  }
}
