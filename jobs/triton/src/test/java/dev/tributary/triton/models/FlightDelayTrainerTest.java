package dev.tributary.triton.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tributary.core.monitor.serving.TrainingReference;
import dev.tributary.core.training.FeatureBaseline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both model kinds on synthetic rows: they learn, and the exported graph matches Tribuo. */
class FlightDelayTrainerTest {

  @Test
  void bothKindsLearnAndExportGraphsThatTakeRawValuesWithNaN() throws Exception {
    Random random = new Random(7);
    List<String> names = new ArrayList<>();
    for (int c = 0; c < 11; c++) {
      names.add("view.feature_" + c);
    }
    int width = names.size();
    float[][] train = rows(random, 3000, width);
    float[][] test = rows(random, 1000, width);
    boolean[] trainLate = labels(random, train);
    boolean[] testLate = labels(random, test);
    for (FlightDelayTrainer.Kind kind : FlightDelayTrainer.Kind.values()) {
      FlightDelayTrainer.Trained trained =
          FlightDelayTrainer.train(kind, names, train, trainLate, test, testLate, 1, 1);
      assertTrue(trained.metrics().get("auc_late") > 0.75, kind + " " + trained.metrics());
      assertTrue(
          trained.metrics().get("onnx_vs_tribuo_max_abs_diff") < 1e-5,
          kind + " " + trained.metrics());
      assertEquals(List.of("on_time", "late"), trained.classes(), "the positive class last");

      float[] allMissing = new float[width];
      Arrays.fill(allMissing, Float.NaN);
      float[][] probabilities =
          FlightDelayTrainer.run(trained.onnx(), new float[][] {allMissing, trained.mean()});
      assertEquals(
          probabilities[1][0], probabilities[0][0], 1e-6, "NaN is replaced by the training mean");
      assertEquals(1.0, probabilities[0][0] + probabilities[0][1], 1e-5);
    }
  }

  /**
   * What monitoring compares each version with, recorded at training: the held-out AUC equals the
   * share of (late, on-time) pairs of held-out rows that ONNX Runtime's scores order right, ties
   * one half, counted pair by pair; the score baseline's bins hold exactly the held-out scores
   * between its edges; both read back from a metadata.json written as the publisher writes it.
   */
  @Test
  void theHeldOutAucAndScoreDistributionAreRecordedForMonitoring(@TempDir Path folder)
      throws Exception {
    Random random = new Random(11);
    List<String> names = new ArrayList<>();
    for (int c = 0; c < 11; c++) {
      names.add("view.feature_" + c);
    }
    float[][] train = rows(random, 2000, names.size());
    float[][] test = rows(random, 700, names.size());
    boolean[] testLate = labels(random, test);
    FlightDelayTrainer.Trained trained =
        FlightDelayTrainer.train(
            FlightDelayTrainer.Kind.LOGISTIC_REGRESSION,
            names,
            train,
            labels(random, train),
            test,
            testLate,
            3,
            1);
    float[][] probabilities = FlightDelayTrainer.run(trained.onnx(), test);
    double pairs = 0;
    double right = 0;
    for (int i = 0; i < test.length; i++) {
      for (int j = 0; j < test.length; j++) {
        if (testLate[i] && !testLate[j]) {
          pairs++;
          float late = probabilities[i][1];
          float onTime = probabilities[j][1];
          right += late > onTime ? 1 : late == onTime ? 0.5 : 0;
        }
      }
    }
    assertEquals(right / pairs, trained.metrics().get("auc_late"), 1e-12);

    FeatureBaseline scores = trained.scoreBaseline();
    assertEquals(TrainingReference.SCORE, scores.feature());
    assertEquals(test.length, scores.count());
    assertEquals(TrainingReference.SCORE_BINS, scores.counts().length);
    long[] counted = new long[scores.counts().length];
    double[] edges = scores.edges();
    for (float[] p : probabilities) {
      int bin = 0;
      while (bin + 1 < counted.length && p[1] >= edges[bin + 1]) {
        bin++;
      }
      counted[bin]++;
    }
    assertArrayEquals(counted, scores.counts());
    assertEquals(minimum(probabilities), edges[0], "the lowest held-out score");
    assertEquals(test.length, scores.quantileSketch().getN());

    Path metadata = folder.resolve("metadata.json");
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(
            metadata.toFile(),
            Map.of(
                "held_out_metrics",
                trained.metrics(),
                "score_baseline",
                TrainingReference.toJson(scores)));
    TrainingReference read = TrainingReference.read("1", metadata);
    assertEquals(trained.metrics().get("auc_late"), read.heldOutAuc());
    assertEquals(scores, read.scoreBaseline());
  }

  private static double minimum(float[][] probabilities) {
    double min = Double.POSITIVE_INFINITY;
    for (float[] p : probabilities) {
      min = Math.min(min, p[1]);
    }
    return min;
  }

  private static float[][] rows(Random random, int n, int width) {
    float[][] rows = new float[n][width];
    for (float[] row : rows) {
      for (int c = 0; c < width; c++) {
        row[c] = random.nextInt(20) == 0 ? Float.NaN : (float) (random.nextGaussian() * 10 + c);
      }
    }
    return rows;
  }

  /** Late when the first column (shifted mean delay) is high: a signal both kinds can find. */
  private static boolean[] labels(Random random, float[][] rows) {
    boolean[] late = new boolean[rows.length];
    for (int i = 0; i < rows.length; i++) {
      double signal = Float.isNaN(rows[i][0]) ? 0 : rows[i][0] / 5.0;
      late[i] = signal + random.nextGaussian() * 0.5 > 1;
    }
    return late;
  }
}
