package dev.tributary.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.embedded.junit.KafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The in-process broker accepts real producers and consumers over the wire protocol. */
class KafkaHarnessTest {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @Test
  void topicIsCreatedWithItsConfiguration() throws Exception {
    KAFKA.createTopic("traffic-split", 1, Map.of("cleanup.policy", "compact"));
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "traffic-split");
      Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
      assertEquals("compact", config.get("cleanup.policy").value());
    }
  }

  @Test
  void recordsProducedAreConsumedInOrderPerPartition() throws Exception {
    KAFKA.createTopic("flights", 3);
    List<String> sent = List.of("ATL,15", "ORD,-2", "DEN,40", "ATL,0", "SFO,7");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer())) {
      for (String value : sent) {
        // One key, so all records land in one partition and keep their order.
        producer.send(new ProducerRecord<>("flights", "route", value)).get();
      }
    }

    List<String> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "harness",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of("flights"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (received.size() < sent.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          received.add(record.value());
        }
      }
    }
    assertEquals(sent, received);
  }
}
