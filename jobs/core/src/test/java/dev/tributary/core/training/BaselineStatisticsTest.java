package dev.tributary.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.window.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class BaselineStatisticsTest {

  /** Random cases per run: 20,000 values each, a few milliseconds. */
  private static final int CASES = 20;

  @Test
  void countsNullsMeanStddevExactlyAndBinsHoldEveryValueOnce() {
    long base = Seeds.base();
    for (int c = 0; c < CASES; c++) {
      check(base + c, 1);
    }
  }

  /** Both passes split over parts of the rows and merged give the same exact answers. */
  @Test
  void partsMergedCountNullsMeanStddevAndBinsExactly() {
    long base = Seeds.base();
    for (int c = 0; c < CASES; c++) {
      check(base + c, 2 + c % 5);
    }
  }

  private static void check(long seed, int parts) {
    Random random = new Random(seed);
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      values.add(
          random.nextInt(10) == 0
              ? null
              : random.nextInt(5) == 0
                  ? (Object) (long) random.nextInt(3)
                  : (Object) (random.nextGaussian() * 30 + 5));
    }
    BaselineStatistics stats = new BaselineStatistics("v", 10);
    int[] partOf = random.ints(values.size(), 0, parts).toArray();
    pass(stats, values, partOf, parts, BaselineStatistics::observe);
    double[] edges = stats.fixEdges();
    pass(stats, values, partOf, parts, BaselineStatistics::count);
    FeatureBaseline result = stats.result();

    double[] present =
        values.stream()
            .filter(v -> v != null)
            .mapToDouble(v -> ((Number) v).doubleValue())
            .toArray();
    double mean = Arrays.stream(present).average().orElseThrow();
    double variance =
        Arrays.stream(present).map(x -> (x - mean) * (x - mean)).sum() / present.length;
    String context = Seeds.replay(seed) + ", " + parts + " parts: " + result;
    assertEquals(values.size(), result.count(), context);
    assertEquals(values.size() - present.length, result.nulls(), context);
    assertEquals(mean, result.mean(), 1e-9, context);
    assertEquals(Math.sqrt(variance), result.stddev(), 1e-9, context);
    assertEquals(present.length, Arrays.stream(result.counts()).sum(), context);
    for (int i = 0; i < 10; i++) {
      double low = edges[i];
      double high = edges[i + 1];
      boolean last = i == 9;
      long expected =
          Arrays.stream(present).filter(x -> x >= low && (x < high || last && x <= high)).count();
      if (i > 0 && edges[i] == edges[i - 1]) {
        continue;
      }
      assertEquals(expected, result.counts()[i], "bin " + i + " " + context);
      assertTrue(expected < present.length * 0.2, "bins hold roughly equal shares: " + context);
    }
  }

  /**
   * One pass over {@code values}: straight into {@code stats} for one part, else value {@code i}
   * into part {@code partOf[i]}, the parts merged in a random order (some parts may stay empty).
   */
  private static void pass(
      BaselineStatistics stats,
      List<Object> values,
      int[] partOf,
      int parts,
      BiConsumer<BaselineStatistics, Object> step) {
    if (parts == 1) {
      values.forEach(value -> step.accept(stats, value));
      return;
    }
    List<BaselineStatistics> split = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      split.add(stats.part());
    }
    for (int i = 0; i < values.size(); i++) {
      step.accept(split.get(partOf[i]), values.get(i));
    }
    Collections.shuffle(split, new Random(partOf.length + parts));
    split.forEach(stats::merge);
  }

  @Test
  void aPartOfTheOtherPassIsRefused() {
    BaselineStatistics stats = new BaselineStatistics("v", 2);
    BaselineStatistics firstPass = stats.part();
    stats.observe(1.0);
    stats.fixEdges();
    assertThrows(IllegalArgumentException.class, () -> stats.merge(firstPass));
  }

  @Test
  void booleansAreZeroAndOneAndAllNullGivesNaN() {
    BaselineStatistics stats = new BaselineStatistics("b", 2);
    stats.observe(true);
    stats.observe(false);
    stats.observe(true);
    stats.fixEdges();
    List.of(true, false, true).forEach(stats::count);
    assertEquals(2.0 / 3, stats.result().mean(), 1e-12);
    assertEquals(List.of(1L, 2L), Arrays.stream(stats.result().counts()).boxed().toList());

    BaselineStatistics empty = new BaselineStatistics("e", 10);
    empty.observe(null);
    empty.fixEdges();
    empty.count(null);
    assertEquals(1.0, empty.result().nullRate());
    assertTrue(Double.isNaN(empty.result().mean()));
  }
}
