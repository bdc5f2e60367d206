package dev.tributary.cli;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Flight events of the small definitions' source ({@code SmallDefinitions}) for the CLI tests. */
final class FlightEvents {
  private FlightEvents() {}

  /**
   * {@code count} flights of three airports over the 6 hours from {@code start}, in event-time
   * order (departure = date + delay), so none is late and every run sees the same.
   */
  static void publish(
      String bootstrapServers, String topic, Random random, LocalDateTime start, int count) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    List<String> airports = List.of("SFO", "JFK", "ORD");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
      for (int i = 0; i < count; i++) {
        LocalDateTime departure = start.plusMinutes(i * 360L / count);
        int delay = random.nextInt(60) - 10;
        String date = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(departure.minusMinutes(delay));
        String origin = airports.get(random.nextInt(airports.size()));
        producer.send(
            new ProducerRecord<>(
                topic,
                origin,
                String.format(
                    "{\"date\":\"%s\",\"delay\":%d,\"distance\":%d,\"origin\":\"%s\",\"destination\":\"LAX\"}",
                    date, delay, 100 + random.nextInt(2000), origin)));
      }
    }
  }
}
