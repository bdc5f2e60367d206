package dev.tributary.flink.records;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where a Kafka record stands, as the jobs' errors and dead letters name it. */
public final class KafkaPosition {
  private KafkaPosition() {}

  /** {@code topic-partition@offset}. */
  public static String of(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }
}
