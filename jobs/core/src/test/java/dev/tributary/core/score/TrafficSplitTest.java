package dev.tributary.core.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Routing by {@link TrafficSplit}: proportions, stickiness, and what a weight change moves. */
class TrafficSplitTest {
  private static final long SEED = Long.getLong("tributary.test.seed", 20011111L);
  private static final int KEYS = 100_000;
  private static final String SALT = "flight_delay_live";

  private static TrafficSplit split(String text) {
    TreeMap<Long, Integer> weights = new TreeMap<>();
    for (String pair : text.split(" ")) {
      String[] parts = pair.split("=");
      weights.put(Long.parseLong(parts[0]), Integer.parseInt(parts[1]));
    }
    return new TrafficSplit("test", 0, weights);
  }

  private static List<String> randomKeys(long seed) {
    Random random = new Random(seed);
    return random
        .ints(KEYS)
        .mapToObj(i -> "route-" + Integer.toHexString(i) + "-" + random.nextLong())
        .toList();
  }

  /**
   * Over 100,000 random keys the versions' shares pass Pearson's chi-square test at p = 0.001. The
   * critical value comes from commons-math; for one degree of freedom it is the textbook 10.828.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"1=90 2=10", "1=50 2=50", "1=1 2=99", "1=33 2=33 3=34", "1=10 2=20 3=30 4=40"})
  void proportionsPassChiSquareAtOnePerMille(String weights) {
    System.out.println("seed " + SEED + " (-Dtributary.test.seed=... replays)");
    TrafficSplit split = split(weights);
    Map<Long, Integer> counts = new TreeMap<>();
    for (String key : randomKeys(SEED)) {
      counts.merge(split.route(key, SALT), 1, Integer::sum);
    }
    double chiSquare = 0;
    for (Map.Entry<Long, Integer> weight : split.weights().entrySet()) {
      double expected = KEYS * weight.getValue() / 100.0;
      double observed = counts.getOrDefault(weight.getKey(), 0);
      chiSquare += (observed - expected) * (observed - expected) / expected;
    }
    int degreesOfFreedom = split.weights().size() - 1;
    double critical =
        new ChiSquaredDistribution(degreesOfFreedom).inverseCumulativeProbability(1 - 0.001);
    assertTrue(
        chiSquare < critical,
        weights + ": chi-square " + chiSquare + " >= " + critical + ", counts " + counts);
  }

  @Test
  void criticalValueIsTheTableValue() {
    assertEquals(10.828, new ChiSquaredDistribution(1).inverseCumulativeProbability(0.999), 0.0005);
    assertEquals(13.816, new ChiSquaredDistribution(2).inverseCumulativeProbability(0.999), 0.0005);
  }

  @Test
  void aBiasedHashWouldFail() {
    // The test has power: routing by the key's first character is far off 90/10.
    TrafficSplit split = split("1=90 2=10");
    int toTwo = 0;
    for (String key : randomKeys(SEED)) {
      toTwo +=
          split.versionOf(Math.floorMod(key.charAt(6) * 397, TrafficSplit.BUCKETS)) == 2 ? 1 : 0;
    }
    double expected = KEYS * 0.1;
    double chiSquare =
        Math.pow(toTwo - expected, 2) / expected
            + Math.pow(toTwo - expected, 2) / (KEYS - expected);
    assertTrue(chiSquare > 10.828, "chi-square " + chiSquare);
  }

  @Test
  void sameKeySameVersionWhileWeightsStand() {
    TrafficSplit split = split("1=50 2=50");
    TrafficSplit again = split("1=50 2=50");
    for (String key : randomKeys(SEED).subList(0, 10_000)) {
      long version = split.route(key, SALT);
      assertEquals(version, split.route(key, SALT));
      assertEquals(version, again.route(key, SALT));
    }
  }

  @Test
  void theSaltMakesScoringsIndependent() {
    TrafficSplit split = split("1=50 2=50");
    long same =
        randomKeys(SEED).stream()
            .filter(key -> split.route(key, "a") == split.route(key, "b"))
            .count();
    assertTrue(Math.abs(same - KEYS / 2.0) < 4 * Math.sqrt(KEYS / 4.0), "agreeing keys " + same);
  }

  /**
   * A weight change moves exactly the keys whose bucket changed owner: counted by brute force over
   * the buckets, compared with the keys that moved.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "1=90 2=10 -> 1=50 2=50",
        "1=50 2=50 -> 1=90 2=10",
        "1=33 2=33 3=34 -> 1=40 2=20 3=40",
        "1=100 -> 1=99 2=1"
      })
  void aWeightChangeMovesOnlyTheChangedRange(String change) {
    String[] parts = change.split(" -> ");
    TrafficSplit before = split(parts[0]);
    TrafficSplit after = split(parts[1]);
    boolean[] changed = new boolean[TrafficSplit.BUCKETS];
    int changedBuckets = 0;
    for (int bucket = 0; bucket < TrafficSplit.BUCKETS; bucket++) {
      changed[bucket] = before.versionOf(bucket) != after.versionOf(bucket);
      changedBuckets += changed[bucket] ? 1 : 0;
    }
    int moved = 0;
    int inChangedRange = 0;
    for (String key : randomKeys(SEED)) {
      int bucket = TrafficSplit.bucket(key, SALT);
      boolean keyMoved = before.versionOf(bucket) != after.versionOf(bucket);
      moved += keyMoved ? 1 : 0;
      inChangedRange += changed[bucket] ? 1 : 0;
    }
    assertEquals(inChangedRange, moved);
    // and the changed range is as small as it can be: the sum of the weight increases
    int increases = 0;
    for (Map.Entry<Long, Integer> weight : after.weights().entrySet()) {
      increases +=
          Math.max(0, weight.getValue() - before.weights().getOrDefault(weight.getKey(), 0));
    }
    assertTrue(changedBuckets >= increases * 100, change);
    System.out.println(
        change + ": " + moved + " of " + KEYS + " keys moved, " + changedBuckets + " buckets");
  }

  @Test
  void bucketsAreTheRangesOfTheCumulativeWeights() {
    TrafficSplit split = split("2=10 1=90");
    assertEquals(1, split.versionOf(0));
    assertEquals(1, split.versionOf(8999));
    assertEquals(2, split.versionOf(9000));
    assertEquals(2, split.versionOf(9999));
    assertThrows(IllegalArgumentException.class, () -> split.versionOf(10_000));
  }

  @Test
  void weightsMustSumToOneHundred() {
    IllegalArgumentException wrong =
        assertThrows(IllegalArgumentException.class, () -> split("1=95 2=10"));
    assertEquals(
        "traffic split weights must sum to 100 (they are percentages), but 1=95 2=10 sums to 105",
        wrong.getMessage());
    assertThrows(IllegalArgumentException.class, () -> split("0=100"));
    assertThrows(IllegalArgumentException.class, () -> split("1=110 2=-10"));
  }
}
