package dev.tributary.flink.faults;

import dev.tributary.embedded.EmbeddedRedis;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.RedisExtension;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis freezes for 30 seconds while the materialize job has new flights to write and the score job
 * new requests to look up, then thaws: nothing is lost, the values converge, neither job fails for
 * good ({@link FeaturesAndScoring} says what is checked).
 *
 * <p>Frozen with SIGSTOP rather than killed: a stopped process keeps its TCP connections and its
 * data, so clients get no error at all, only silence until their socket timeouts, the case that
 * tests the writer's and the reader's retries and the jobs' backpressure (a killed server refuses
 * connections at once, and without persistence would come back empty, which is data loss on the
 * server's side, not the jobs'; the writer against a killed and restarted server is {@code
 * RedisOutageTest}).
 */
class RedisFrozenWhileJobsRunTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  @RegisterExtension
  static final FlinkClusterExtension FLINK = new FlinkClusterExtension(4, new Configuration());

  private static final long SEED = Long.getLong("tributary.test.seed", 20010103L);
  private static final Duration OUTAGE = Duration.ofSeconds(30);

  @Test
  void nothingIsLostAndValuesConverge() throws Exception {
    EmbeddedRedis redis = REDIS.service();
    try (FeaturesAndScoring jobs =
        new FeaturesAndScoring(KAFKA.service(), redis, FLINK.service(), "redis-frozen", SEED)) {
      jobs.awaitCaughtUp("before the outage");
      jobs.publishWhileRedisIsAway(1, "frozen", OUTAGE, redis::suspend, redis::resume);
      jobs.publish(2);
      jobs.finishAndAssertNothingLost();
    }
  }
}
