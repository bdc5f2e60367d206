package dev.tributary.flink.score;

import dev.tributary.core.defs.Scoring;
import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.RowEncoder;
import dev.tributary.core.types.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The requests of one test run: flights of the sample turned into scoring requests (asked 2 hours
 * before the scheduled departure), on a topic of their own, plus bad requests of every kind.
 */
final class ScoringRun {
  static final int BAD_REQUESTS = 4;

  final Scoring scoring;
  final List<Object[]> requests = new ArrayList<>();
  final List<String> records = new ArrayList<>();

  /** The example scoring, reading its requests from {@code topic}. */
  ScoringRun(Scoring example, String topic, List<ParsedEvent> flights, int count, long seed) {
    Source s = example.requests();
    Source requestsSource =
        new Source(
            s.name(),
            s.description(),
            topic,
            s.filesOrNull(),
            s.tableOrNull(),
            s.schema(),
            s.eventTime(),
            s.watermarks(),
            s.at());
    scoring =
        new Scoring(
            example.name(),
            example.description(),
            example.model(),
            requestsSource,
            example.routingKey(),
            example.trafficSplit(),
            example.at());
    RowSchema schema = requestsSource.schema();
    RowEncoder encoder = new RowEncoder(schema);
    Random random = new Random(seed);
    List<ParsedEvent> pool = new ArrayList<>(flights);
    for (int i = 0; i < count && !pool.isEmpty(); i++) {
      Object[] flight =
          pool.remove(random.nextInt(pool.size()))
              .row(); // date, delay, distance, origin, destination
      long date = (Long) flight[0];
      Object[] request = {
        topic + "-" + i, date - 2 * 3_600_000L, date, flight[2], flight[3], flight[4]
      };
      requests.add(request);
    }
    // sent in the order they were made, as a live system would
    requests.sort(java.util.Comparator.comparingLong(r -> (Long) r[1]));
    requests.forEach(request -> records.add(encoder.encode(request)));
    records.add("{not json");
    records.add(
        "{\"request_id\":\"" + topic + "-bad-1\",\"requested_at\":\"2001-01-02T00:00:00Z\"}");
    records.add(
        "{\"request_id\":\""
            + topic
            + "-bad-2\",\"requested_at\":\"2001-01-02T00:00:00Z\","
            + "\"date\":\"2001-01-02T02:00:00Z\",\"distance\":\"far\",\"origin\":\"SFO\",\"destination\":\"JFK\"}");
    records.add(
        "{\"requested_at\":\"2001-01-02T00:00:00Z\",\"date\":\"2001-01-02T02:00:00Z\","
            + "\"distance\":100,\"origin\":\"SFO\",\"destination\":\"JFK\"}");
  }

  int total() {
    return records.size();
  }
}
