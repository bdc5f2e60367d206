package dev.tributary.core.training;

import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.ViewSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The values of one entity's view as of many times, read from its history rows: for each time
 * {@code t}, the row with the greatest {@code valid_from <= t}; before the first row, the view's
 * values without events.
 *
 * <p>Nothing else is applied: TTL expiries and tail drops are rows of the history already (see
 * docs/semantics.md), so applying a TTL here would count it twice. One sweep over both lists sorted
 * by time: O((rows + times) log(rows + times)), never rows times queries.
 */
public final class AsOfJoin {
  private final ViewSpec view;

  public AsOfJoin(ViewSpec view) {
    this.view = view;
  }

  /**
   * @param rows the entity's history rows, in any order, distinct {@code valid_from}s
   * @param times the as-of times, in any order, duplicates allowed
   * @return for each time (same index), one value per feature of the view
   */
  public Object[][] valuesAsOf(List<ChangePoint> rows, long[] times) {
    List<ChangePoint> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingLong(ChangePoint::validFrom));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).validFrom() == sorted.get(i - 1).validFrom()) {
        throw new IllegalArgumentException(
            "two history rows with valid_from "
                + sorted.get(i).validFrom()
                + ": the history table holds duplicates (a backfill and a stream wrote one range twice?)");
      }
    }
    int[] order =
        IntStream.range(0, times.length)
            .boxed()
            .sorted(Comparator.comparingLong(i -> times[i]))
            .mapToInt(Integer::intValue)
            .toArray();
    Object[] without = view.valuesWithoutEvents();
    Object[][] results = new Object[times.length][];
    int next = 0;
    Object[] current = without;
    for (int index : order) {
      while (next < sorted.size() && sorted.get(next).validFrom() <= times[index]) {
        current = sorted.get(next++).values();
      }
      results[index] = current;
    }
    return results;
  }
}
