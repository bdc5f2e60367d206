package dev.tributary.flink.score;

import dev.tributary.core.config.KafkaConnection;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.score.SplitMessage;
import dev.tributary.flink.records.TopicCreation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The control topic {@code tributary.traffic_splits}: one partition, never compacted, so it holds
 * every split ever set, in order. {@code tributary split set} appends to it; {@code split show} and
 * every score job (at start, before the first request is routed) read it from the beginning.
 */
public final class SplitControlTopic {
  public static final String TOPIC = DeploymentPlan.TRAFFIC_SPLIT_TOPIC;

  private SplitControlTopic() {}

  /** Creates the topic (one partition, so its order is the order splits were set) if absent. */
  public static void create(String bootstrapServers) {
    create(KafkaConnection.plain(bootstrapServers));
  }

  /** Creates the topic on a Kafka reached with client properties (TLS, SASL) if absent. */
  public static void create(KafkaConnection kafka) {
    TopicCreation.createIfAbsent(
        kafka, new NewTopic(TOPIC, 1, (short) -1).configs(Map.of("retention.ms", "-1")));
  }

  /** Appends a split and waits until the broker has it. */
  public static void write(String bootstrapServers, SplitMessage message) {
    write(KafkaConnection.plain(bootstrapServers), message);
  }

  /** Appends a split to a Kafka reached with client properties and waits until it has it. */
  public static void write(KafkaConnection kafka, SplitMessage message) {
    create(kafka);
    Properties config = kafka.clientProperties();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer
          .send(new ProducerRecord<>(TOPIC, message.scoring().getBytes(), message.toJson()))
          .get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot write to " + TOPIC + ": " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every split of {@code scoring} on the topic, oldest first; records of other scorings are
   * skipped, and a record that is not a split is reported through {@code unreadable}.
   */
  public static List<SplitMessage> read(
      String bootstrapServers, String scoring, java.util.function.Consumer<String> unreadable) {
    return read(KafkaConnection.plain(bootstrapServers), scoring, unreadable);
  }

  /** Every split of {@code scoring}, from a Kafka reached with client properties (TLS, SASL). */
  public static List<SplitMessage> read(
      KafkaConnection kafka, String scoring, java.util.function.Consumer<String> unreadable) {
    Properties config = kafka.clientProperties();
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<SplitMessage> splits = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      if (!consumer.listTopics(Duration.ofSeconds(30)).containsKey(TOPIC)) {
        return splits;
      }
      List<TopicPartition> partitions =
          consumer.partitionsFor(TOPIC).stream()
              .map(p -> new TopicPartition(TOPIC, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (!reached(consumer, end, Set.copyOf(partitions))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          try {
            SplitMessage message = SplitMessage.fromJson(record.value());
            if (message.scoring().equals(scoring)) {
              splits.add(message);
            }
          } catch (IllegalArgumentException bad) {
            unreadable.accept(TOPIC + "@" + record.offset() + ": " + bad.getMessage());
          }
        }
      }
    }
    return splits;
  }

  private static boolean reached(
      KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end, Set<TopicPartition> partitions) {
    return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
  }
}
