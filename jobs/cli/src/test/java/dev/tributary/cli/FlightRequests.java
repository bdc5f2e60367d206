package dev.tributary.cli;

import dev.tributary.embedded.junit.KafkaExtension;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Scoring requests of the example scoring ({@code flight_requests}) for the CLI tests. */
final class FlightRequests {
  private FlightRequests() {}

  /**
   * {@code count} requests a second apart from {@code requestedAt}, for flights three hours later
   * between six airports, on a new two-partition topic {@code flight_requests}.
   */
  static void publish(KafkaExtension kafka, Instant requestedAt, int count) throws Exception {
    String[] airports = {"ORD", "ATL", "DFW", "LAX", "SFO", "JFK"};
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    kafka.createTopic("flight_requests", 2);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        String request =
            String.format(
                "{\"request_id\":\"r-%d\",\"requested_at\":\"%s\",\"date\":\"%s\","
                    + "\"distance\":%d,\"origin\":\"%s\",\"destination\":\"%s\"}",
                i,
                requestedAt.plusSeconds(i),
                requestedAt.plusSeconds(3 * 3600),
                200 + 10 * i,
                airports[i % airports.length],
                airports[(i / airports.length + i + 1) % airports.length]);
        producer.send(new ProducerRecord<>("flight_requests", request));
      }
      producer.flush();
    }
  }
}
