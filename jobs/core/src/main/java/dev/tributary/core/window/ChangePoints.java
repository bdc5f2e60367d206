package dev.tributary.core.window;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An entity's history as change points: the rows {@code (validFrom, values)} at which some value of
 * the view changes, which is what the history table stores. The value as of {@code t} is the row
 * with the greatest {@code validFrom <= t}, or {@link ViewSpec#valuesWithoutEvents()} before the
 * first row; {@link #valuesAsOf} does that lookup and equals direct evaluation at every t.
 */
public final class ChangePoints {

  private final ViewSpec view;

  public ChangePoints(ViewSpec view) {
    this.view = view;
  }

  /** The change points of one entity's events (in any order), ascending by validFrom. */
  public List<ChangePoint> compute(List<Event> events) {
    List<Event> sorted = PointInTimeEvaluator.sortedByTime(events);
    ChangeTimes times = new ChangeTimes(view);
    sorted.forEach(times::addEvent);
    return emit(
        new SweepCursor(new ViewSweep(view)),
        sorted,
        times.sortedWithin(Long.MIN_VALUE, Long.MAX_VALUE),
        view.valuesWithoutEvents());
  }

  /** The values as of {@code t} from change points ascending by validFrom. */
  public Object[] valuesAsOf(List<ChangePoint> rows, long t) {
    int low = 0;
    int high = rows.size() - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (rows.get(mid).validFrom() <= t) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found < 0 ? view.valuesWithoutEvents() : rows.get(found).values().clone();
  }

  /**
   * Evaluates the cursor at each candidate time (all at or after its position), feeding it the
   * sorted events before each, and keeps the rows whose values differ from the previous row (the
   * first from {@code before}).
   */
  static List<ChangePoint> emit(
      SweepCursor cursor, List<Event> sortedEvents, long[] candidateTimes, Object[] before) {
    List<ChangePoint> rows = new ArrayList<>();
    Object[] previous = before;
    for (long t : candidateTimes) {
      Object[] values = cursor.valuesAt(t, sortedEvents);
      if (!Arrays.equals(values, previous)) {
        rows.add(new ChangePoint(t, values));
        previous = values;
      }
    }
    return rows;
  }
}
