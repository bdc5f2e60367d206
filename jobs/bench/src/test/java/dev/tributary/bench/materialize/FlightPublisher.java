package dev.tributary.bench.materialize;

import dev.tributary.core.defs.Source;
import dev.tributary.core.records.RowEncoder;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes rows of a source to its topic as the JSON the job parses, one producer for the
 * preloaded history and the live events of the freshness benchmark, so both reach the job alike.
 *
 * <p>One producer with idempotence keeps each partition in the order rows are sent, which the job's
 * per-partition bounded out-of-orderness watermarks rely on; keys are a running count, so rows
 * spread evenly over the partitions. A short linger keeps the live events' latency low.
 */
final class FlightPublisher implements AutoCloseable {
  private final KafkaProducer<String, String> producer;
  private final RowEncoder encoder;
  private final String topic;
  private long sent;

  FlightPublisher(String bootstrapServers, Source source) {
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                5),
            new StringSerializer(),
            new StringSerializer());
    this.encoder = new RowEncoder(source.schema());
    this.topic = source.topic().orElseThrow();
  }

  void send(Object[] row) {
    producer.send(new ProducerRecord<>(topic, Long.toString(sent), encoder.encode(row)));
    sent++;
  }

  /** Waits until the broker has every row sent. */
  void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
