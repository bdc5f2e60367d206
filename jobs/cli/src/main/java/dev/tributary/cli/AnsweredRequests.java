package dev.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.plan.DeploymentPlan;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Counts the requests of one scoring the score job has answered, as a prediction on {@code
 * tributary.predictions} or a dead letter on {@code tributary.dead_letters}: the demo publishes a
 * step's requests only once the previous step's are answered, so no request reads the features of
 * flights published after it. Both topics are written in transactions committed on checkpoints;
 * this reads them uncommitted, so an answer counts as soon as the job has made it (the monitor job
 * reads them committed afterwards).
 */
final class AnsweredRequests implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(20);

  private final String scoring;
  private final KafkaConsumer<String, String> consumer;
  private final Set<String> predicted = new HashSet<>();
  private long deadLetters;

  AnsweredRequests(String bootstrapServers, String scoring) {
    this.scoring = scoring;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_uncommitted"),
            new StringDeserializer(),
            new StringDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic :
        List.of(DeploymentPlan.PREDICTIONS_TOPIC, DeploymentPlan.DEAD_LETTER_TOPIC)) {
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Waits until {@code requests} requests are answered; fails once the job stops. */
  void await(long requests, RunningJob score) throws IOException, InterruptedException {
    while (answered() < requests) {
      for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
        count(record);
      }
      if (answered() < requests) {
        score.requireRunning();
      }
    }
  }

  long answered() {
    return predicted.size() + deadLetters;
  }

  private void count(ConsumerRecord<String, String> record) throws IOException {
    JsonNode value = JSON.readTree(record.value());
    if (record.topic().equals(DeploymentPlan.PREDICTIONS_TOPIC)) {
      if (scoring.equals(value.path("scoring").asText())) {
        predicted.add(value.path("request_id").asText());
      }
    } else if (("scoring:" + scoring).equals(value.path("source").asText())) {
      deadLetters++;
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
