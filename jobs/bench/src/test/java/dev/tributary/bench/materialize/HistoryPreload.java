package dev.tributary.bench.materialize;

import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.io.file.EventFileReader;
import dev.tributary.io.file.EventIterator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The first days of the flights, moved in time to end now, published as fast as possible: the
 * history a production job has behind it when live events arrive, so the freshness benchmark
 * measures full 7-day windows, sketches included, and not a job that starts from empty state.
 *
 * <p>Every event is moved by one constant (added to the {@code date} column, so the event time
 * {@code date + minutes(delay)} moves by it too), which keeps the gaps between events and every
 * entity's history as they were; the last event lands on the wall-clock time the publishing starts,
 * so the live events, stamped with the wall-clock time after the job has caught up, all come later.
 * Events go out in event-time order, so no partition holds an event the watermark has already
 * passed.
 */
final class HistoryPreload {
  private final EventFileReader files;
  private final long days;

  HistoryPreload(EventFileReader files, long days) {
    this.files = files;
    this.days = days;
  }

  /** What was published, in moved event time. */
  record Summary(long events, long firstEventTime, long lastEventTime, double publishSeconds) {}

  Summary publish(FlightPublisher publisher) throws IOException {
    List<ParsedEvent> history = firstDays();
    long started = System.nanoTime();
    long shift = System.currentTimeMillis() - history.get(history.size() - 1).eventTime();
    for (ParsedEvent event : history) {
      Object[] row = event.row().clone();
      row[0] = (Long) row[0] + shift;
      publisher.send(row);
    }
    publisher.flush();
    return new Summary(
        history.size(),
        history.get(0).eventTime() + shift,
        history.get(history.size() - 1).eventTime() + shift,
        (System.nanoTime() - started) / 1e9);
  }

  /**
   * The events within {@code days} of the earliest, in event-time order. One pass whatever the
   * file's order: an event is kept while it is within the span of the earliest seen so far, and the
   * span is applied again once the earliest is known.
   */
  private List<ParsedEvent> firstDays() throws IOException {
    long span = TimeUnit.DAYS.toMillis(days);
    long earliest = Long.MAX_VALUE;
    List<ParsedEvent> kept = new ArrayList<>();
    try (EventIterator outcomes = files.open()) {
      while (outcomes.hasNext()) {
        ParseOutcome outcome = outcomes.next();
        if (outcome instanceof ParsedEvent event && event.eventTime() - span < earliest) {
          earliest = Math.min(earliest, event.eventTime());
          kept.add(event);
        }
      }
    }
    if (kept.isEmpty()) {
      throw new IllegalStateException(
          "no events to preload in the files of " + files.source().name());
    }
    long end = earliest + span;
    kept.removeIf(event -> event.eventTime() >= end);
    kept.sort(Comparator.comparingLong(ParsedEvent::eventTime));
    return kept;
  }
}
