package dev.tributary.flink;

import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.RowEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes test records to a topic, record {@code i} to partition {@code i % partitions}, in
 * order.
 */
public final class KafkaTopics {
  private KafkaTopics() {}

  public static void publish(
      String bootstrapServers, String topic, List<String> values, int partitions) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                // one request in flight: a retried batch cannot meet later ones out of sequence
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                1),
            new StringSerializer(),
            new StringSerializer())) {
      List<Future<RecordMetadata>> sends = new ArrayList<>(values.size());
      for (int i = 0; i < values.size(); i++) {
        sends.add(producer.send(new ProducerRecord<>(topic, i % partitions, null, values.get(i))));
      }
      producer.flush();
      // a send that failed (a leader not elected yet, retries spent) must fail the test here, not
      // leave it waiting for records that never arrive
      for (Future<RecordMetadata> send : sends) {
        send.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not publish to " + topic + ": " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The events as the JSON records of their source's topic. */
  public static List<String> asJson(Source source, List<ParsedEvent> events) {
    RowEncoder encoder = new RowEncoder(source.schema());
    return events.stream().map(event -> encoder.encode(event.row())).toList();
  }
}
