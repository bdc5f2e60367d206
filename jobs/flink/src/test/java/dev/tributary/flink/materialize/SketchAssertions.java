package dev.tributary.flink.materialize;

import static org.junit.jupiter.api.Assertions.fail;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.BruteForceEvaluator;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.Event;
import dev.tributary.core.window.SketchBounds;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The sketch features (approx_quantile, approx_distinct) as written, checked against the exact
 * contents of their windows within the error bound docs/aggregation.md states ({@link
 * SketchBounds}), the exact contents coming from the core's brute-force evaluator over the raw
 * events. Sketch values depend on the order events arrive, so they are compared by bound, not
 * equality, while the exact features are compared bit for bit elsewhere.
 */
final class SketchAssertions {

  /** Instants checked per entity at most: a long history is sampled evenly. */
  private static final int MAX_INSTANTS = 300;

  private SketchAssertions() {}

  static boolean hasSketches(ViewProgram program) {
    for (int i = 0; i < program.spec().size(); i++) {
      if (SketchBounds.isApproximate(program.spec().feature(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks every sketch feature of {@code written} as of each instant a row of either history
   * starts (sampled to {@value #MAX_INSTANTS}).
   */
  static void assertHistoryWithinBounds(
      ViewProgram program,
      List<Event> events,
      List<ChangePoint> expected,
      List<ChangePoint> written,
      String what) {
    if (!hasSketches(program)) {
      return;
    }
    NavigableSet<Long> instants = new TreeSet<>();
    expected.forEach(row -> instants.add(row.validFrom()));
    written.forEach(row -> instants.add(row.validFrom()));
    int step = Math.max(1, instants.size() / MAX_INSTANTS);
    int index = 0;
    for (long t : instants) {
      if (index++ % step == 0) {
        assertValuesWithinBounds(program, events, valuesAsOf(written, t), t, what);
      }
    }
  }

  /** Checks the sketch features of {@code values}, the view's values as of {@code t}. */
  static void assertValuesWithinBounds(
      ViewProgram program, List<Event> events, Object[] values, long t, String what) {
    BruteForceEvaluator exact = new BruteForceEvaluator(program.spec());
    for (int i = 0; i < program.spec().size(); i++) {
      AggregateSpec spec = program.spec().feature(i);
      if (!SketchBounds.isApproximate(spec) || values == null) {
        continue;
      }
      List<BruteForceEvaluator.Timed> inputs = exact.windowInputs(events, t, i);
      if (program.spec().hasTtl() && nullsByTtl(events, t, program.spec().ttlMillis())) {
        inputs = List.of();
      }
      String violation = SketchBounds.violation(spec, values[i], inputs);
      if (violation != null) {
        fail(what + ": " + spec.name() + " as of " + t + ": " + violation);
      }
    }
  }

  /** A view's TTL nulls every feature when the entity's newest event before t is too old. */
  private static boolean nullsByTtl(List<Event> events, long t, long ttlMillis) {
    Long newest = null;
    for (Event e : events) {
      if (e.eventTimeMillis() < t && (newest == null || e.eventTimeMillis() > newest)) {
        newest = e.eventTimeMillis();
      }
    }
    return newest == null || newest < t - ttlMillis;
  }

  /** The row in force at {@code t}: the one with the greatest valid_from <= t; null before any. */
  private static Object[] valuesAsOf(List<ChangePoint> rows, long t) {
    Object[] values = null;
    for (ChangePoint row : rows) {
      if (row.validFrom() > t) {
        break;
      }
      values = row.values();
    }
    return values;
  }
}
