package dev.tributary.core.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.types.ValueType;
import dev.tributary.core.window.Seeds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.apache.datasketches.kll.KllSketch;
import org.junit.jupiter.api.Test;

/** The sketch functions stay within the error bounds docs/aggregation.md states, merged or not. */
class SketchStateTest {

  @Test
  void distinctEstimateIsWithinThreeStandardErrorsAcrossMergedTiles() throws IOException {
    long seed = Seeds.base();
    Random random = new Random(seed);
    AggregateSpec spec = AggregateSpec.lifetime("d", Aggregation.APPROX_DISTINCT, ValueType.STRING);
    for (int distinct : new int[] {1, 10, 1000, 100_000}) {
      AggregateState merged = spec.newState();
      for (int tile = 0; tile < 10; tile++) {
        AggregateState state = spec.newState();
        for (int i = 0; i < distinct; i++) {
          if (random.nextInt(10) < 3) {
            state.add(0, "user-" + i);
          }
        }
        merged.merge(roundTrip(spec, state));
      }
      for (int i = 0; i < distinct; i++) {
        merged.add(0, "user-" + i);
      }
      long estimate = (Long) merged.result();
      double bound = 3 * 1.04 / Math.sqrt(1 << DistinctState.LG_K) * distinct;
      assertTrue(
          Math.abs(estimate - distinct) <= bound,
          Seeds.replay(seed) + ": " + estimate + " for " + distinct + " distinct");
    }
  }

  @Test
  void quantileRankErrorIsWithinTheKllBound() throws IOException {
    long seed = Seeds.base();
    Random random = new Random(seed);
    double[] values = new double[200_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextGaussian() * 100;
    }
    double epsilon = KllSketch.getNormalizedRankError(QuantileState.K, false);
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    for (double q : new double[] {0.01, 0.25, 0.5, 0.9, 0.99}) {
      AggregateSpec spec =
          new AggregateSpec("q", Aggregation.APPROX_QUANTILE, ValueType.DOUBLE, 0, 0, 0, q);
      AggregateState merged = spec.newState();
      for (int tile = 0; tile < 20; tile++) {
        AggregateState state = spec.newState();
        for (int i = tile; i < values.length; i += 20) {
          state.add(0, values[i]);
        }
        merged.merge(roundTrip(spec, state));
      }
      double estimate = (Double) merged.result();
      int rank = Arrays.binarySearch(sorted, estimate);
      double normalizedRank = (rank + 1.0) / sorted.length;
      assertTrue(
          Math.abs(normalizedRank - q) <= epsilon,
          Seeds.replay(seed) + ": q " + q + " gave rank " + normalizedRank + ", bound " + epsilon);
    }
  }

  @Test
  void smallInputsAreExact() {
    AggregateSpec spec =
        new AggregateSpec("q", Aggregation.APPROX_QUANTILE, ValueType.LONG, 0, 0, 0, 0.5);
    AggregateState state = spec.newState();
    for (long v = 1; v <= 9; v++) {
      state.add(0, v);
    }
    assertEquals(5.0, state.result());
    AggregateState distinct =
        AggregateSpec.lifetime("d", Aggregation.APPROX_DISTINCT, ValueType.STRING).newState();
    distinct.add(0, "");
    distinct.add(0, "a");
    assertEquals(2L, distinct.result(), "the empty string is a value");
  }

  private static AggregateState roundTrip(AggregateSpec spec, AggregateState state)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    state.writeTo(new DataOutputStream(bytes));
    return spec.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }
}
