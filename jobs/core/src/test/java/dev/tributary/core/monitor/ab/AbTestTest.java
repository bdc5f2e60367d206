package dev.tributary.core.monitor.ab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.monitor.KnownAnswers;
import dev.tributary.core.monitor.Moments;
import dev.tributary.core.monitor.WritableState;
import dev.tributary.core.monitor.quality.QualityState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A/B statistics against scipy and the DeLong reference in known_answers.py. */
class AbTestTest {
  private static final KnownAnswers KNOWN = KnownAnswers.get();

  @Test
  void deLongDifferenceEqualsTheReferenceOnExactScores() {
    Comparison diff =
        AucDifference.between(KNOWN.quality("q.a").histogram(), KNOWN.quality("q.b").histogram());
    assertEquals(KNOWN.value("q.delong.diff_b_minus_a"), diff.estimate(), 1e-12);
    assertEquals(KNOWN.value("q.delong.z"), diff.z(), 1e-9);
    assertEquals(KNOWN.value("q.delong.p"), diff.pValue(), 1e-12);
    assertEquals(KNOWN.array("q.delong.ci95")[0], diff.low(), 1e-9);
    assertEquals(KNOWN.array("q.delong.ci95")[1], diff.high(), 1e-9);
  }

  @Test
  void deLongOnContinuousScoresIsCloseToTheUnbinnedReference() {
    QualityState a = KNOWN.quality("c.a");
    QualityState b = KNOWN.quality("c.b");
    Comparison diff = AucDifference.between(a.histogram(), b.histogram());
    double bound = a.histogram().aucErrorBound() + b.histogram().aucErrorBound();
    assertEquals(KNOWN.value("c.delong.diff_b_minus_a"), diff.estimate(), bound);
    assertEquals(KNOWN.value("c.delong.z"), diff.z(), 0.05);
  }

  @ParameterizedTest
  @ValueSource(strings = {"q", "c"})
  void logLossWelchAndAccuracyZTestEqualScipy(String tag) {
    QualityState a = KNOWN.quality(tag + ".a");
    QualityState b = KNOWN.quality(tag + ".b");
    Comparison logLoss = MeanDifference.unpaired(a.logLossMoments(), b.logLossMoments());
    assertEquals(KNOWN.value(tag + ".logloss_unpaired.z"), logLoss.z(), 1e-9);
    assertEquals(KNOWN.value(tag + ".logloss_unpaired.p"), logLoss.pValue(), 1e-12);
    Comparison accuracy =
        ProportionDifference.between(a.correct(), a.count(), b.correct(), b.count());
    assertEquals(KNOWN.value(tag + ".accuracy_test.z_abs"), Math.abs(accuracy.z()), 1e-9);
    assertEquals(KNOWN.value(tag + ".accuracy_test.p"), accuracy.pValue(), 1e-12);
  }

  @Test
  void pairedLogLossEqualsScipyTtestRel() {
    double[] a = KNOWN.array("paired.a.scores");
    double[] b = KNOWN.array("paired.b.scores");
    boolean[] labels = KNOWN.labels("paired.labels");
    Moments differences = Moments.EMPTY;
    for (int i = 0; i < labels.length; i++) {
      differences =
          differences.plus(
              QualityState.logLoss(b[i], labels[i]) - QualityState.logLoss(a[i], labels[i]));
    }
    Comparison paired = MeanDifference.paired(differences);
    assertEquals(KNOWN.value("paired.logloss.z"), paired.z(), 1e-9);
    assertEquals(KNOWN.value("paired.logloss.p"), paired.pValue(), 1e-12);
  }

  @Test
  void mixtureLikelihoodRatioEqualsTheFormula() {
    for (int i = 0; i < 3; i++) {
      double[] input = KNOWN.array("msprt." + i + ".input");
      assertEquals(
          KNOWN.value("msprt." + i + ".p"),
          AlwaysValidPValue.pValueAt(input[0], input[1], Math.sqrt(input[2])),
          1e-12);
    }
  }

  @Test
  void clearWinnerIsDecidedAndTheStateSurvivesBytes() {
    AbTest test = new AbTest("1", "2", 0.05, 30);
    AbResult result = test.look(KNOWN.quality("c.a"), KNOWN.quality("c.b"));
    assertEquals(Verdict.CANDIDATE_WINS, result.verdict(), result.reason());
    AbTest restored = WritableState.fromBytes(test.toBytes(), AbTest::read);
    assertEquals(
        result.aucAlwaysValidP(),
        restored.look(KNOWN.quality("q.a"), KNOWN.quality("q.a")).aucAlwaysValidP(),
        0.0,
        "the running minimum is kept across looks and bytes");
    AbResult reversed =
        new AbTest("2", "1", 0.05, 30).look(KNOWN.quality("c.b"), KNOWN.quality("c.a"));
    assertEquals(Verdict.CONTROL_WINS, reversed.verdict());
    AbResult thin =
        new AbTest("1", "2", 0.05, 10_000).look(KNOWN.quality("c.a"), KNOWN.quality("c.b"));
    assertEquals(Verdict.NOT_YET_DECIDABLE, thin.verdict());
    assertTrue(thin.reason().contains("too few labels"), thin.reason());
  }

  /**
   * The always-valid p-value never rises once it fell below alpha, so the winner is the version the
   * difference favoured at that look: here the candidate wins clearly, then the next look sees it
   * worse than the control (the p-value's running minimum is unchanged), and the verdict, through
   * the state's bytes, still names the candidate.
   */
  @Test
  void theWinnerIsFixedAtTheLookThatRejected() {
    AbTest test = new AbTest("1", "2", 0.05, 30);
    AbResult rejected = test.look(KNOWN.quality("c.a"), KNOWN.quality("c.b"));
    assertEquals(Verdict.CANDIDATE_WINS, rejected.verdict(), rejected.reason());
    AbTest restored = WritableState.fromBytes(test.toBytes(), AbTest::read);
    AbResult reversed = restored.look(KNOWN.quality("c.b"), KNOWN.quality("c.a"));
    assertTrue(reversed.auc().estimate() < 0, "the later look favours the control");
    assertEquals(rejected.aucAlwaysValidP(), reversed.aucAlwaysValidP(), 0.0);
    assertEquals(Verdict.CANDIDATE_WINS, reversed.verdict(), reversed.reason());
    assertTrue(reversed.reason().contains("difference now -"), reversed.reason());
  }

  /**
   * A test restored from the first byte form (no rejecting look stored) that had already rejected
   * takes the direction of its next look, and keeps it.
   */
  @Test
  void aTestOfTheFirstByteFormTakesTheDirectionOfItsNextLook() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF("1");
      out.writeUTF("2");
      out.writeDouble(0.05);
      out.writeLong(30);
      for (double p : new double[] {0.001, 0.5, 0.5}) {
        out.writeDouble(AbTest.DEFAULT_TAU);
        out.writeDouble(p);
      }
    }
    AbTest restored =
        AbTest.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 1);
    AbResult next = restored.look(KNOWN.quality("c.b"), KNOWN.quality("c.a"));
    assertEquals(Verdict.CONTROL_WINS, next.verdict(), next.reason());
    AbResult after = restored.look(KNOWN.quality("c.a"), KNOWN.quality("c.b"));
    assertEquals(Verdict.CONTROL_WINS, after.verdict(), after.reason());
  }

  /**
   * Under the null hypothesis (both versions the same model), watching after every window must not
   * declare a winner more often than alpha, while the fixed-sample DeLong p-value read at every
   * window does: the reason for the sequential test.
   */
  @Test
  void repeatedLooksKeepTheFalseWinnerRateBelowAlpha() {
    long seed = 20261206L;
    Random random = new Random(seed);
    int experiments = 200;
    int alwaysValidWinners = 0;
    int peekingWinners = 0;
    for (int e = 0; e < experiments; e++) {
      AbTest test = new AbTest("1", "2", 0.05, 30);
      QualityState a = new QualityState(0.5);
      QualityState b = new QualityState(0.5);
      boolean decided = false;
      boolean peeked = false;
      for (int look = 0; look < 30; look++) {
        for (int i = 0; i < 100; i++) {
          addSameModel(a, random);
          addSameModel(b, random);
        }
        AbResult result = test.look(a, b);
        decided |= result.verdict() != Verdict.NOT_YET_DECIDABLE;
        peeked |= result.auc().pValue() < 0.05;
      }
      alwaysValidWinners += decided ? 1 : 0;
      peekingWinners += peeked ? 1 : 0;
    }
    String context =
        "seed " + seed + ": always valid " + alwaysValidWinners + ", peeking " + peekingWinners;
    // binomial(200, 0.05): 20 or more has probability below 0.3%
    assertTrue(alwaysValidWinners < 20, context);
    assertTrue(peekingWinners > 2 * alwaysValidWinners + 10, context);
  }

  private static void addSameModel(QualityState state, Random random) {
    boolean label = random.nextDouble() < 0.3;
    double logit = -1 + (label ? 1.2 : 0) + random.nextGaussian();
    state.add(1 / (1 + Math.exp(-logit)), label);
  }
}
