package dev.tributary.triton.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

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
