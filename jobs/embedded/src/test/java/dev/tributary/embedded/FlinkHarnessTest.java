package dev.tributary.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real Flink job on the MiniCluster reads a Kafka topic with the Kafka connector and writes a
 * transformed copy to another topic, submitted over REST with the strict job defaults (uids
 * required, no Kryo, no restarts).
 */
class FlinkHarnessTest {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  @Test
  void jobReadsFromKafkaAndWritesToKafka() throws Exception {
    KAFKA.createTopic("departures", 2);
    KAFKA.createTopic("departures-upper", 1);
    List<String> sent = List.of("atl", "ord", "den", "sfo", "lax", "jfk");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (String value : sent) {
        producer.send(new ProducerRecord<>("departures", value)).get();
      }
    }

    StreamExecutionEnvironment env = FLINK.environment();
    KafkaSource<String> source =
        KafkaSource.<String>builder()
            .setBootstrapServers(KAFKA.bootstrapServers())
            .setTopics("departures")
            .setGroupId("harness")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setBounded(OffsetsInitializer.latest())
            .setValueOnlyDeserializer(new SimpleStringSchema())
            .build();
    KafkaSink<String> sink =
        KafkaSink.<String>builder()
            .setBootstrapServers(KAFKA.bootstrapServers())
            .setRecordSerializer(
                KafkaRecordSerializationSchema.builder()
                    .setTopic("departures-upper")
                    .setValueSerializationSchema(new SimpleStringSchema())
                    .build())
            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .build();
    env.fromSource(source, WatermarkStrategy.noWatermarks(), "departures")
        .uid("departures-source")
        .map(String::toUpperCase)
        .uid("upper")
        .name("upper")
        .sinkTo(sink)
        .uid("departures-upper-sink")
        .name("departures-upper");
    env.execute("harness-kafka-to-kafka");

    assertEquals(
        sent.stream().map(String::toUpperCase).sorted().toList(),
        readAll("departures-upper", sent.size()));
  }

  @Test
  void jobResultsCanBeCollectedIntoTheTest() throws Exception {
    StreamExecutionEnvironment env = FLINK.environment();
    List<Long> squares = new ArrayList<>();
    env.fromSequence(1, 5)
        .uid("numbers")
        .map(n -> n * n)
        .uid("square")
        .executeAndCollect("harness-collect")
        .forEachRemaining(squares::add);
    assertEquals(List.of(1L, 4L, 9L, 16L, 25L), squares.stream().sorted().toList());
  }

  @Test
  void restApiAnswersOnItsRandomPort() throws Exception {
    HttpResponse<String> overview =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(FLINK.service().restAddress().resolve("/overview")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, overview.statusCode());
    assertTrue(overview.body().contains("\"slots-total\":2"), overview.body());
  }

  @Test
  void operatorWithoutUidIsRejectedAtSubmission() {
    StreamExecutionEnvironment env = FLINK.environment();
    env.fromSequence(1, 5)
        .uid("numbers")
        .map(n -> n + 1) // no uid: its state could not be matched after a topology change
        .sinkTo(new DiscardingSink<>())
        .uid("discard");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> env.execute("harness-missing-uid"));
    assertTrue(e.getMessage().contains("no UID"), e.getMessage());
  }

  @Test
  void typeFallingBackToKryoIsRejectedAtSubmission() {
    StreamExecutionEnvironment env = FLINK.environment();
    env.fromSequence(1, 5)
        .uid("numbers")
        .map(n -> (Object) n)
        .returns(Object.class)
        .uid("as-object")
        .sinkTo(new DiscardingSink<>())
        .uid("discard");
    UnsupportedOperationException e =
        assertThrows(
            UnsupportedOperationException.class, () -> env.execute("harness-generic-type"));
    assertTrue(e.getMessage().contains("Generic types have been disabled"), e.getMessage());
  }

  private static List<String> readAll(String topic, int expected) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "harness-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
    }
    return values.stream().sorted().toList();
  }
}
