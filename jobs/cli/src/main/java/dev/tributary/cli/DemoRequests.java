package dev.tributary.cli;

import dev.tributary.core.defs.Scoring;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.RowEncoder;
import dev.tributary.core.types.RowSchema;
import dev.tributary.io.file.EventFileReader;
import dev.tributary.io.file.EventIterator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The demo's scoring requests: one per flight of the sample, made a fixed time before its scheduled
 * departure (the model's {@code prediction_time}: 2 hours), as a booking site would ask. Every
 * column of the requests source except the id and the request time is copied from the flight's
 * column of the same name; requests go to the scoring's topic in the order they were made.
 */
final class DemoRequests {
  static final long LEAD_MILLIS = 2 * 3_600_000L;

  private final Scoring scoring;
  private final List<Object[]> rows = new ArrayList<>();

  private DemoRequests(Scoring scoring) {
    this.scoring = scoring;
  }

  /** One request per flight of {@code flights} whose request time falls in [from, to). */
  static DemoRequests of(Scoring scoring, EventFileReader flights, long from, long to)
      throws IOException {
    DemoRequests requests = new DemoRequests(scoring);
    RowSchema schema = scoring.requests().schema();
    int[] fromFlight = new int[schema.size()];
    RowSchema flightSchema = flights.source().schema();
    for (int i = 0; i < schema.size(); i++) {
      String name = schema.column(i).name();
      fromFlight[i] =
          name.equals(scoring.requests().eventTime().canonical())
              ? -1
              : flightSchema.indexOf(name).orElse(-2);
    }
    int date = flightSchema.indexOf("date").orElseThrow();
    try (EventIterator events = flights.open()) {
      while (events.hasNext()) {
        ParseOutcome outcome = events.next();
        if (!(outcome instanceof ParsedEvent flight)) {
          continue;
        }
        long requestedAt = (Long) flight.row()[date] - LEAD_MILLIS;
        if (requestedAt < from || requestedAt >= to) {
          continue;
        }
        Object[] request = new Object[schema.size()];
        for (int i = 0; i < request.length; i++) {
          request[i] =
              switch (fromFlight[i]) {
                case -1 -> requestedAt;
                case -2 -> null; // the id, set once the requests are in order
                default -> flight.row()[fromFlight[i]];
              };
        }
        requests.rows.add(request);
      }
    }
    int requestedAtColumn = indexOf(schema, scoring.requests().eventTime().canonical());
    int idColumn = indexOf(schema, "request_id");
    requests.rows.sort(Comparator.comparingLong(r -> (Long) r[requestedAtColumn]));
    for (int i = 0; i < requests.rows.size(); i++) {
      requests.rows.get(i)[idColumn] = String.format(Locale.ROOT, "demo-%07d", i);
    }
    return requests;
  }

  int size() {
    return rows.size();
  }

  /** A producer to the scoring's topic that publishes the requests made in a range at a time. */
  Publisher publisher(String bootstrapServers) {
    return new Publisher(bootstrapServers);
  }

  /** Publishes requests by their request time; {@link #close()} closes the producer. */
  final class Publisher implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final RowEncoder encoder = new RowEncoder(scoring.requests().schema());
    private final String topic = scoring.requests().topic().orElseThrow();
    private final int requestedAt =
        indexOf(scoring.requests().schema(), scoring.requests().eventTime().canonical());
    private int next;

    private Publisher(String bootstrapServers) {
      Properties config = new Properties();
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
      producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /**
     * Sends the requests made before {@code to} not sent yet, in the order they were made, and
     * waits until the broker has them; returns how many have been sent in all.
     */
    int publishBefore(long to) {
      while (next < rows.size() && (Long) rows.get(next)[requestedAt] < to) {
        producer.send(new ProducerRecord<>(topic, encoder.encode(rows.get(next++))));
      }
      producer.flush();
      return next;
    }

    @Override
    public void close() {
      producer.close();
    }
  }

  private static int indexOf(RowSchema schema, String column) {
    return schema
        .indexOf(column)
        .orElseThrow(
            () -> new IllegalArgumentException("the requests source has no column " + column));
  }
}
