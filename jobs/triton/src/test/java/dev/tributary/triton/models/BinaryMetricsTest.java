package dev.tributary.triton.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * BinaryMetrics against answers computed by SciPy and NumPy (binary_metrics_known_answers.py in the
 * test resources, which regenerates both CSV files): tied and continuous scores, probabilities at
 * and beyond the log-loss clipping, exactly 0.5, perfect, inverted and constant rankings.
 */
class BinaryMetricsTest {

  private record Case(List<Float> scores, List<Boolean> labels) {
    float[] scoreArray() {
      float[] out = new float[scores.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = scores.get(i);
      }
      return out;
    }

    boolean[] labelArray() {
      boolean[] out = new boolean[labels.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = labels.get(i);
      }
      return out;
    }
  }

  @Test
  void aucLogLossAndAccuracyEqualScipysAnswers() throws IOException {
    Map<String, Case> cases = new LinkedHashMap<>();
    for (String[] row : csv("binary-metrics-cases.csv")) {
      Case c =
          cases.computeIfAbsent(row[0], name -> new Case(new ArrayList<>(), new ArrayList<>()));
      c.scores().add(Float.parseFloat(row[1]));
      c.labels().add(row[2].equals("1"));
    }
    List<String[]> answers = csv("binary-metrics-expected.csv");
    assertEquals(
        cases.keySet(),
        answers.stream().map(a -> a[0]).collect(Collectors.toCollection(LinkedHashSet::new)));
    for (String[] answer : answers) {
      Case c = cases.get(answer[0]);
      float[] scores = c.scoreArray();
      boolean[] labels = c.labelArray();
      assertEquals(
          Double.parseDouble(answer[1]),
          BinaryMetrics.auc(scores, labels),
          1e-12,
          answer[0] + " AUC");
      assertEquals(
          Double.parseDouble(answer[2]),
          BinaryMetrics.logLoss(scores, labels),
          1e-12,
          answer[0] + " log loss");
      assertEquals(
          Double.parseDouble(answer[3]),
          BinaryMetrics.accuracy(scores, labels),
          1e-15,
          answer[0] + " accuracy");
    }
  }

  @Test
  void aucIsUndefinedWithoutBothClasses() {
    assertTrue(
        Double.isNaN(BinaryMetrics.auc(new float[] {0.2f, 0.9f}, new boolean[] {true, true})));
    assertTrue(
        Double.isNaN(BinaryMetrics.auc(new float[] {0.2f, 0.9f}, new boolean[] {false, false})));
  }

  /** The rows of a resource beside this test, header dropped. */
  private static List<String[]> csv(String name) throws IOException {
    try (InputStream in = BinaryMetricsTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " is missing beside BinaryMetricsTest");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .skip(1)
          .map(line -> line.split(","))
          .toList();
    }
  }
}
