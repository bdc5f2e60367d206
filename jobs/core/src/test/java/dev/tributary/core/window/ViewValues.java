package dev.tributary.core.window;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Compares a view's values with the brute-force reference: equality, or the sketch bound. */
final class ViewValues {

  private ViewValues() {}

  static void assertMatchesBruteForce(
      ViewSpec view, List<Event> events, long t, Object[] actual, String context) {
    BruteForceEvaluator brute = new BruteForceEvaluator(view);
    Object[] expected = brute.valuesAt(events, t);
    for (int i = 0; i < view.size(); i++) {
      String problem;
      if (SketchBounds.isApproximate(view.feature(i)) && expected[i] != null) {
        problem =
            SketchBounds.violation(view.feature(i), actual[i], brute.windowInputs(events, t, i));
      } else {
        problem =
            Objects.equals(expected[i], actual[i])
                ? null
                : "expected " + expected[i] + " but was " + actual[i];
      }
      if (problem != null) {
        fail(
            context
                + ": as of t="
                + t
                + ", feature "
                + view.feature(i)
                + ": "
                + problem
                + "\n  all expected "
                + Arrays.toString(expected)
                + "\n  all actual   "
                + Arrays.toString(actual)
                + "\n  view "
                + view
                + "\n  events "
                + events);
      }
    }
  }
}
