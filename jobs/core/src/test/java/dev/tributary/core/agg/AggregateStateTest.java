package dev.tributary.core.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tributary.core.types.ValueType;
import dev.tributary.core.window.BruteForceEvaluator;
import dev.tributary.core.window.Event;
import dev.tributary.core.window.Seeds;
import dev.tributary.core.window.ViewSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AggregateStateTest {

  private static final int CASES = 3000;

  private record Input(long time, Object value) {}

  @Test
  void exactFunctionsGiveTheSameBitsForAnyOrderAndTilingAndSurviveSerialization()
      throws IOException {
    long base = Seeds.base();
    for (int c = 0; c < CASES; c++) {
      long seed = base + c;
      Random random = new Random(seed);
      AggregateSpec spec = randomExactSpec(random);
      List<Input> inputs = randomInputs(random, spec.inputType());
      String context = Seeds.replay(seed) + ", " + spec + ", inputs " + inputs;

      AggregateState sequential = spec.newState();
      inputs.forEach(x -> sequential.add(x.time(), x.value()));

      List<Input> shuffled = new ArrayList<>(inputs);
      Collections.shuffle(shuffled, random);
      List<AggregateState> tiles = new ArrayList<>();
      for (Input x : shuffled) {
        if (tiles.isEmpty() || random.nextInt(3) == 0) {
          tiles.add(spec.newState());
        }
        tiles.get(tiles.size() - 1).add(x.time(), x.value());
      }
      // Merge in a random grouping, through serialized and copied states.
      while (tiles.size() > 1) {
        int i = random.nextInt(tiles.size() - 1);
        AggregateState left = roundTrip(spec, tiles.get(i));
        left.merge(tiles.get(i + 1).copy());
        tiles.set(i, left);
        tiles.remove(i + 1);
      }
      Object merged = tiles.isEmpty() ? spec.emptyResult() : tiles.get(0).result();
      assertEquals(sequential.result(), merged, context);
    }
  }

  private static AggregateSpec randomExactSpec(Random random) {
    Aggregation[] exact = {
      Aggregation.COUNT,
      Aggregation.SUM,
      Aggregation.AVG,
      Aggregation.MIN,
      Aggregation.MAX,
      Aggregation.LAST,
      Aggregation.STDDEV,
      Aggregation.LAST_N
    };
    Aggregation function = exact[random.nextInt(exact.length)];
    List<ValueType> types = List.of(ValueType.values()).stream().filter(function::accepts).toList();
    ValueType type = types.get(random.nextInt(types.size()));
    int n = function == Aggregation.LAST_N ? 1 + random.nextInt(5) : 0;
    return new AggregateSpec("f", function, type, 0, 0, n, 0.0);
  }

  private static List<Input> randomInputs(Random random, ValueType type) {
    int count = random.nextInt(30);
    List<Input> inputs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      inputs.add(new Input(random.nextInt(10), value(random, type)));
    }
    return inputs;
  }

  /** Values of every magnitude, so exact sums must carry, spill and cancel. */
  private static Object value(Random random, ValueType type) {
    return switch (type) {
      case BOOLEAN -> random.nextBoolean();
      case LONG, TIMESTAMP ->
          switch (random.nextInt(5)) {
            case 0 -> Long.MAX_VALUE - random.nextInt(3);
            case 1 -> Long.MIN_VALUE + random.nextInt(3);
            default -> random.nextLong() >> random.nextInt(64);
          };
      case DOUBLE ->
          switch (random.nextInt(5)) {
            case 0 -> Math.scalb(random.nextDouble() - 0.5, random.nextInt(2000) - 1000);
            case 1 -> new double[] {0.1, 0.2, 0.3, -0.0, 1e300, -1e300, 1e-300}[random.nextInt(7)];
            default -> (random.nextDouble() - 0.5) * 1000;
          };
      case STRING -> Integer.toString(random.nextInt(20), 36);
    };
  }

  private static AggregateState roundTrip(AggregateSpec spec, AggregateState state)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    state.writeTo(new DataOutputStream(bytes));
    return spec.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }

  @Test
  void sumAvgAndStddevOfDoublesOfEveryMagnitudeEqualTheBruteForceReference() {
    long base = Seeds.base();
    ViewSpec view =
        ViewSpec.of(
            AggregateSpec.lifetime("sum", Aggregation.SUM, ValueType.DOUBLE),
            AggregateSpec.lifetime("avg", Aggregation.AVG, ValueType.DOUBLE),
            AggregateSpec.lifetime("stddev", Aggregation.STDDEV, ValueType.DOUBLE));
    for (int c = 0; c < 300; c++) {
      long seed = base + c;
      Random random = new Random(seed);
      List<Event> events = new ArrayList<>();
      AggregateState[] states = {
        view.feature(0).newState(), view.feature(1).newState(), view.feature(2).newState()
      };
      for (int i = random.nextInt(12); i > 0; i--) {
        double x = (Double) value(random, ValueType.DOUBLE);
        events.add(Event.of(i, x, x, x));
        for (AggregateState state : states) {
          state.add(i, x);
        }
      }
      Object[] expected = new BruteForceEvaluator(view).valuesAt(events, Long.MAX_VALUE);
      for (int f = 0; f < states.length; f++) {
        assertEquals(
            expected[f],
            states[f].result(),
            Seeds.replay(seed) + ", " + view.feature(f).name() + " of " + events);
      }
    }
  }

  @Test
  void doubleSumIsTheExactSumRoundedOnce() {
    AggregateState sum = AggregateSpec.lifetime("s", Aggregation.SUM, ValueType.DOUBLE).newState();
    for (double x : new double[] {1e16, 1.0, -1e16, 0.1, 0.2}) {
      sum.add(0, x);
    }
    // Left to right in doubles this is 0.30000000000000004; exactly it is 1.3000000000000000444.
    assertEquals(1.3, sum.result());
  }

  @Test
  void longSumSurvivesIntermediateOverflowAndIsNullOutsideTheLongRange() {
    AggregateSpec spec = AggregateSpec.lifetime("s", Aggregation.SUM, ValueType.LONG);
    AggregateState sum = spec.newState();
    sum.add(0, Long.MAX_VALUE);
    sum.add(0, Long.MAX_VALUE);
    assertNull(sum.result());
    sum.add(0, Long.MIN_VALUE);
    assertEquals(Long.MAX_VALUE - 1, sum.result());
  }

  @Test
  void specialDoublesFollowIeee() {
    AggregateSpec spec = AggregateSpec.lifetime("s", Aggregation.SUM, ValueType.DOUBLE);
    AggregateState sum = spec.newState();
    sum.add(0, Double.POSITIVE_INFINITY);
    sum.add(0, 1.0);
    assertEquals(Double.POSITIVE_INFINITY, sum.result());
    sum.add(0, Double.NEGATIVE_INFINITY);
    assertEquals(Double.NaN, sum.result());
    AggregateState stddev =
        AggregateSpec.lifetime("d", Aggregation.STDDEV, ValueType.DOUBLE).newState();
    stddev.add(0, 1.0);
    stddev.add(0, Double.POSITIVE_INFINITY);
    assertEquals(Double.NaN, stddev.result());
  }

  @Test
  void stddevIsCorrectlyRoundedAtATie() {
    // (a - b) / 2 lies exactly halfway between two doubles; ties go to the even one.
    AggregateState stddev =
        AggregateSpec.lifetime("d", Aggregation.STDDEV, ValueType.DOUBLE).newState();
    stddev.add(0, -312.58974224088234);
    stddev.add(0, 265.7752754018228);
    assertEquals(289.1825088213526, stddev.result());
  }

  @Test
  void lastBreaksTiesAtTheSameTimeByTheGreaterValueWhateverTheArrivalOrder() {
    AggregateSpec spec = AggregateSpec.lifetime("l", Aggregation.LAST, ValueType.STRING);
    AggregateState ab = spec.newState();
    ab.add(5, "a");
    ab.add(5, "b");
    ab.add(4, "z");
    AggregateState ba = spec.newState();
    ba.add(5, "b");
    ba.add(5, "a");
    assertEquals("b", ab.result());
    assertEquals("b", ba.result());
  }

  @Test
  void lastNIsNewestFirst() {
    AggregateSpec spec = new AggregateSpec("l", Aggregation.LAST_N, ValueType.LONG, 0, 0, 3, 0.0);
    AggregateState state = spec.newState();
    for (long t = 0; t < 10; t++) {
      state.add(t, t * 10);
    }
    assertEquals(List.of(90L, 80L, 70L), state.result());
  }
}
