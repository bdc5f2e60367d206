package dev.tributary.flink.records;

import dev.tributary.core.config.KafkaConnection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates a topic a job reads before anything may have written it (a Kafka source fails on a topic
 * that does not exist), leaving one that exists as it is.
 */
public final class TopicCreation {
  private TopicCreation() {}

  public static void createIfAbsent(KafkaConnection kafka, NewTopic topic) {
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      if (!admin.listTopics().names().get().contains(topic.name())) {
        admin.createTopics(List.of(topic)).all().get();
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create " + topic.name() + ": " + e.getCause(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
