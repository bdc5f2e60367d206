package dev.tributary.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.window.Seeds;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureBaselineTest {

  /** Both search paths (counting up to 32 bins, binary above) against the definition. */
  @Test
  void binIsTheLastEdgeAtOrBelowTheValueClampedToTheBins() {
    long seed = Seeds.base();
    Random random = new Random(seed);
    for (int round = 0; round < 2_000; round++) {
      int bins = 1 + random.nextInt(64);
      double[] edges = new double[bins + 1];
      for (int i = 0; i <= bins; i++) {
        edges[i] = random.nextInt(20); // duplicates on purpose: empty bins
      }
      Arrays.sort(edges);
      double x = random.nextInt(24) - 2 + (random.nextBoolean() ? 0 : 0.5);
      int expected = 0;
      for (int i = 0; i < bins; i++) {
        if (edges[i] <= x) {
          expected = i;
        }
      }
      assertEquals(
          expected,
          FeatureBaseline.bin(edges, x),
          "seed " + seed + " edges " + Arrays.toString(edges) + " x " + x);
    }
  }
}
