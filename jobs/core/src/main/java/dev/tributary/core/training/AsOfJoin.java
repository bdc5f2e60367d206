package dev.tributary.core.training;

import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.ViewSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The values of one entity's view as of many times, read from its history rows: for each time
 * {@code t}, the row with the greatest {@code valid_from <= t}; before the first row, the view's
 * values without events.
 *
 * <p>Nothing else is applied: TTL expiries and tail drops are rows of the history already (see
 * docs/semantics.md), so applying a TTL here would count it twice. The rows are sorted once and
 * each time is a binary search among them: O((rows + times) log rows), never rows times queries.
 *
 * <p>{@link #positionsAsOf} answers with positions rather than values, so a caller holding the rows
 * in another form (the training-set job holds them encoded) passes on the row it found as it is,
 * without decoding and encoding its values.
 */
public final class AsOfJoin {
  /** The position {@link #positionsAsOf} gives a time before the first row. */
  public static final int BEFORE_FIRST_ROW = -1;

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
    int[] positions =
        positionsAsOf(sorted.stream().mapToLong(ChangePoint::validFrom).toArray(), times);
    Object[] without = view.valuesWithoutEvents();
    Object[][] results = new Object[times.length][];
    for (int i = 0; i < times.length; i++) {
      results[i] = positions[i] == BEFORE_FIRST_ROW ? without : sorted.get(positions[i]).values();
    }
    return results;
  }

  /**
   * For each time (same index), the position in {@code validFroms} of the row in effect: the
   * greatest {@code valid_from <= t}, or {@link #BEFORE_FIRST_ROW}.
   *
   * @param validFroms the entity's rows' {@code valid_from}s, ascending and distinct
   * @param times the as-of times, in any order, duplicates allowed
   * @throws IllegalArgumentException when two rows share a {@code valid_from} (a history table with
   *     duplicates has no single value as of that time) or the rows are not sorted
   */
  public static int[] positionsAsOf(long[] validFroms, long[] times) {
    requireAscendingDistinct(validFroms);
    int[] positions = new int[times.length];
    for (int i = 0; i < times.length; i++) {
      positions[i] = positionAsOf(validFroms, times[i]);
    }
    return positions;
  }

  /**
   * The position in {@code validFroms} of the row in effect at {@code time}: the greatest {@code
   * valid_from <= time}, or {@link #BEFORE_FIRST_ROW}. One binary search; the caller has checked
   * the rows ({@link #requireAscendingDistinct}).
   *
   * @param validFroms ascending and distinct
   */
  public static int positionAsOf(long[] validFroms, long time) {
    int found = Arrays.binarySearch(validFroms, time);
    // not found: binarySearch gives -(insertion point) - 1, the row before the insertion point is
    // the greatest valid_from < t (BEFORE_FIRST_ROW when the insertion point is 0)
    return found >= 0 ? found : -found - 2;
  }

  /**
   * Sorts an entity's rows by {@code valid_from}: {@code validFroms} ascending, {@code values}
   * moved along. The times are sorted as primitives and each value is then placed by binary search:
   * sorting row objects by a comparator reads a field of a scattered object per comparison, which
   * made that sort a fifth of the history join's lookups.
   *
   * @throws IllegalArgumentException when two rows share a {@code valid_from}
   */
  public static <V> void sortByValidFrom(long[] validFroms, V[] values) {
    long[] unsorted = validFroms.clone();
    V[] placed = values.clone();
    Arrays.sort(validFroms);
    // refuses two rows with one valid_from, so every row gets a place of its own below
    requireAscendingDistinct(validFroms);
    for (int i = 0; i < unsorted.length; i++) {
      values[Arrays.binarySearch(validFroms, unsorted[i])] = placed[i];
    }
  }

  /**
   * @throws IllegalArgumentException when two rows share a {@code valid_from} (a history table with
   *     duplicates has no single value as of that time) or the rows are not sorted
   */
  public static void requireAscendingDistinct(long[] validFroms) {
    for (int i = 1; i < validFroms.length; i++) {
      if (validFroms[i] == validFroms[i - 1]) {
        throw new IllegalArgumentException(
            "two history rows with valid_from "
                + validFroms[i]
                + ": the history table holds duplicates (a backfill and a stream wrote one range twice?)");
      }
      if (validFroms[i] < validFroms[i - 1]) {
        throw new IllegalArgumentException(
            "history rows not sorted by valid_from: " + validFroms[i - 1] + ", " + validFroms[i]);
      }
    }
  }
}
