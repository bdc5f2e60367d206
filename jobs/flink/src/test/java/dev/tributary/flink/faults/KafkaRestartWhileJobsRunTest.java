package dev.tributary.flink.faults;

import dev.tributary.embedded.EmbeddedKafka;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.RedisExtension;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka broker shuts down for 15 seconds while the materialize job has new flights to read and
 * the score job new requests, and starts again on the same port and log folder: nothing is lost or
 * counted twice, the values converge, neither job fails for good ({@link FeaturesAndScoring} says
 * what is checked). The broker holds the jobs' input, the score job's transactional predictions and
 * dead letters, and the consumer groups' offsets, so both jobs lose their sources and sinks at
 * once.
 */
class KafkaRestartWhileJobsRunTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  @RegisterExtension
  static final FlinkClusterExtension FLINK = new FlinkClusterExtension(4, new Configuration());

  private static final long SEED = Long.getLong("tributary.test.seed", 20010104L);
  private static final Duration OUTAGE = Duration.ofSeconds(15);

  @Test
  void nothingIsLostOrCountedTwice() throws Exception {
    EmbeddedKafka kafka = KAFKA.service();
    try (FeaturesAndScoring jobs =
        new FeaturesAndScoring(kafka, REDIS.service(), FLINK.service(), "kafka-restart", SEED)) {
      jobs.awaitCaughtUp("before the restart");
      jobs.publish(1);
      kafka.stopBroker();
      try {
        Thread.sleep(OUTAGE.toMillis()); // the outage itself, not a wait for a result
      } finally {
        kafka.startBroker();
      }
      jobs.awaitCaughtUp("during the restart");
      jobs.publish(2);
      jobs.finishAndAssertNothingLost();
    }
  }
}
