package dev.tributary.core.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.DriftThresholds;
import dev.tributary.core.monitor.KnownAnswers;
import dev.tributary.core.monitor.WritableState;
import dev.tributary.core.training.BaselineStatistics;
import dev.tributary.core.training.FeatureBaseline;
import dev.tributary.core.window.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Drift statistics against scipy (known_answers.py) and the size goal of the state. */
class DriftStatisticsTest {
  private static final KnownAnswers KNOWN = KnownAnswers.get();
  private static final DriftThresholds THRESHOLDS = new DriftThresholds(0.1, 0.25, 0.2, Double.NaN);

  /** The baseline as numpy binned it: quantile edges and exact counts, no sketch. */
  private static FeatureBaseline numpyBaseline() {
    double[] values = KNOWN.array("drift.baseline.values");
    long nulls = Arrays.stream(values).filter(Double::isNaN).count();
    return new FeatureBaseline(
        "x",
        values.length,
        nulls,
        Double.NaN,
        Double.NaN,
        KNOWN.array("drift.edges"),
        Arrays.stream(KNOWN.array("drift.baseline.counts")).mapToLong(c -> (long) c).toArray());
  }

  /** The baseline as the training-set job computes it, sketch included. */
  private static FeatureBaseline trainingBaseline(double[] values) {
    BaselineStatistics statistics = new BaselineStatistics("x", 10);
    for (double v : values) {
      statistics.observe(Double.isNaN(v) ? null : v);
    }
    statistics.fixEdges();
    for (double v : values) {
      statistics.count(Double.isNaN(v) ? null : v);
    }
    return statistics.result();
  }

  private static DriftState live(FeatureBaseline baseline, double[] values) {
    DriftState state = DriftState.over(baseline);
    for (double v : values) {
      state.add(v, baseline);
    }
    return state;
  }

  @Test
  void psiJensenShannonAndNullRatesEqualNumpyAndScipy() {
    FeatureBaseline baseline = numpyBaseline();
    DriftState state = live(baseline, KNOWN.array("drift.live.values"));
    assertEquals(
        Arrays.stream(KNOWN.array("drift.live.counts")).mapToLong(c -> (long) c).boxed().toList(),
        Arrays.stream(state.binCounts()).boxed().toList());
    DriftResult result = DriftStatistics.against(baseline, state, THRESHOLDS);
    assertEquals(KNOWN.value("drift.psi"), result.psi(), 1e-12);
    assertEquals(KNOWN.value("drift.js_base2"), result.jensenShannon(), 1e-12);
    assertEquals(KNOWN.value("drift.null_rate.baseline"), result.baselineNullRate(), 1e-12);
    assertEquals(KNOWN.value("drift.null_rate.live"), result.liveNullRate(), 1e-12);
  }

  @Test
  void ksFromSketchesIsWithinTheStatedBoundOfScipy() {
    FeatureBaseline baseline = trainingBaseline(KNOWN.array("drift.baseline.values"));
    DriftResult result =
        DriftStatistics.against(
            baseline, live(baseline, KNOWN.array("drift.live.values")), THRESHOLDS);
    double exact = KNOWN.value("drift.ks");
    assertTrue(
        Math.abs(result.ks() - exact) <= result.ksErrorBound(),
        result.ks() + " vs scipy " + exact + " +- " + result.ksErrorBound());
    assertTrue(result.ksErrorBound() < 0.035, "KLL bounds: " + result.ksErrorBound());
  }

  @Test
  void ksOfSamplesTheSketchesHoldWholeEqualsScipyExactly() {
    FeatureBaseline baseline = trainingBaseline(KNOWN.array("ks_small.baseline"));
    DriftResult result =
        DriftStatistics.against(baseline, live(baseline, KNOWN.array("ks_small.live")), THRESHOLDS);
    assertEquals(KNOWN.value("ks_small.ks"), result.ks(), 1e-12);
    assertEquals(0.0, result.ksErrorBound());
  }

  @Test
  void ksOverBaselineEdgesWithoutSketchIsWithinItsWiderBound() {
    FeatureBaseline baseline = numpyBaseline();
    DriftResult result =
        DriftStatistics.against(
            baseline, live(baseline, KNOWN.array("drift.live.values")), THRESHOLDS);
    double exact = KNOWN.value("drift.ks");
    assertTrue(
        Math.abs(result.ks() - exact) <= result.ksErrorBound(),
        result.ks() + " vs scipy " + exact + " +- " + result.ksErrorBound());
  }

  @Test
  void stateOfAMillionValuesStaysUnderThreeKilobytesAndMergesThroughBytes() {
    Random random = new Random(7);
    double[] training = random.doubles(50_000).map(x -> x * 100).toArray();
    FeatureBaseline baseline = trainingBaseline(training);
    DriftState first = DriftState.over(baseline);
    DriftState second = DriftState.over(baseline);
    for (int i = 0; i < 1_000_000; i++) {
      (i % 2 == 0 ? first : second).add(random.nextDouble() * 100, baseline);
    }
    byte[] bytes = first.toBytes();
    assertTrue(bytes.length <= 3 * 1024, "bytes per feature per window: " + bytes.length);
    DriftState merged = WritableState.fromBytes(bytes, DriftState::read);
    merged.merge(WritableState.fromBytes(second.toBytes(), DriftState::read));
    assertEquals(1_000_000, merged.count());
    assertEquals(1_000_000, Arrays.stream(merged.binCounts()).sum());
    assertTrue(merged.toBytes().length <= 3 * 1024);
    DriftResult result = DriftStatistics.against(baseline, merged, THRESHOLDS);
    assertTrue(result.psi() < 0.01 && result.ks() < 0.03, result.toString());
  }

  /** Five features, one shifted by one standard deviation in the live data: only it alerts. */
  @Test
  void shiftingOneFeatureAlertsExactlyThatFeature() {
    long seed = Seeds.base();
    Random random = new Random(seed);
    double[] means = {0, 50, -3, 1000, 7};
    double[] sds = {1, 10, 0.5, 200, 3};
    int shifted = random.nextInt(means.length);
    List<DriftLevel> levels = new ArrayList<>();
    for (int f = 0; f < means.length; f++) {
      double[] training = new double[20_000];
      for (int i = 0; i < training.length; i++) {
        training[i] = means[f] + sds[f] * random.nextGaussian();
      }
      FeatureBaseline baseline = trainingBaseline(training);
      double shift = f == shifted ? sds[f] : 0;
      DriftState state = DriftState.over(baseline);
      for (int i = 0; i < 5_000; i++) {
        state.add(means[f] + shift + sds[f] * random.nextGaussian(), baseline);
      }
      levels.add(DriftStatistics.against(baseline, state, THRESHOLDS).level());
    }
    for (int f = 0; f < means.length; f++) {
      assertEquals(
          f == shifted ? DriftLevel.ALERT : DriftLevel.OK,
          levels.get(f),
          "seed " + seed + ", shifted feature " + shifted + ": " + levels);
    }
  }

  @Test
  void levelsFollowTheThresholds() {
    DriftThresholds t = new DriftThresholds(0.1, 0.25, 0.2, 0.05);
    assertEquals(DriftLevel.OK, DriftStatistics.levelOf(t, 0.05, 0.1, 0.0));
    assertEquals(DriftLevel.WARN, DriftStatistics.levelOf(t, 0.1, 0.1, 0.0));
    assertEquals(DriftLevel.ALERT, DriftStatistics.levelOf(t, 0.25, 0.1, 0.0));
    assertEquals(DriftLevel.ALERT, DriftStatistics.levelOf(t, 0.05, 0.2, 0.0));
    assertEquals(DriftLevel.ALERT, DriftStatistics.levelOf(t, 0.05, 0.1, -0.06));
    assertEquals(
        DriftLevel.OK, DriftStatistics.levelOf(DriftThresholds.DEFAULTS, Double.NaN, 0.9, 0.9));
  }
}
