package dev.tributary.core.window;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The values of one entity's view as of many query times, by one sweep over the events sorted by
 * time: each event is added once to its hop tile and each query merges at most three partial
 * states, so the cost is O((events + queries) log(events + queries)) rather than their product.
 * This is what the training-set job uses when it recomputes from raw events.
 */
public final class PointInTimeEvaluator {

  private final ViewSpec view;

  public PointInTimeEvaluator(ViewSpec view) {
    this.view = view;
  }

  /**
   * The values as of each query time.
   *
   * @param events the entity's events, in any order
   * @param queryTimes the query times, in any order, duplicates allowed
   * @return for each query time (same index), one value per feature of the view
   */
  public Object[][] evaluate(List<Event> events, long[] queryTimes) {
    List<Event> sorted = sortedByTime(events);
    int[] order =
        IntStream.range(0, queryTimes.length)
            .boxed()
            .sorted(Comparator.comparingLong(i -> queryTimes[i]))
            .mapToInt(Integer::intValue)
            .toArray();
    Object[][] results = new Object[queryTimes.length][];
    ViewSweep sweep = new ViewSweep(view);
    int next = 0;
    for (int index : order) {
      long t = queryTimes[index];
      while (next < sorted.size() && sorted.get(next).eventTimeMillis() < t) {
        sweep.add(sorted.get(next++));
      }
      results[index] = sweep.valuesAt(t);
    }
    return results;
  }

  static List<Event> sortedByTime(List<Event> events) {
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(Event::eventTimeMillis));
    return sorted;
  }
}
