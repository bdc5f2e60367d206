package dev.tributary.flink.materialize;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.KafkaTopics;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.online.RedisOptions;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A failure induced mid-stream, after a checkpoint: the job restarts from that checkpoint, the
 * history tables still hold exactly the change points of the events, no row twice and none missing,
 * and Redis ends with the values of a run without failure (replayed older writes never win).
 */
class FailureRecoveryTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private final FeatureRepository definitions = FlightsSample.definitions();
  private final Source flights = definitions.source("flights").orElseThrow();

  @Test
  void restartFromCheckpointWritesEveryRowExactlyOnce() throws Exception {
    List<ParsedEvent> events = FlightsSample.eventsScheduledBefore(flights, "2001-01-01T18");
    KAFKA.createTopic("flights", 2);
    KafkaTopics.publish(KAFKA.bootstrapServers(), "flights", KafkaTopics.asJson(flights, events), 2);
    FailOnceAfterCheckpoint.FAILED.set(false);
    RedisOptions redis = RedisOptions.builder(REDIS.host(), REDIS.port()).build();
    MaterializeJob job = new MaterializeJob(definitions, new MaterializeSettings(KAFKA.bootstrapServers(),
        "recovery-test", true, new CatalogConfig(LocalIcebergCatalog.NAME, ICEBERG.properties()), "recovered-run", redis),
        new FailOnceAfterCheckpoint(events.size() / 3));

    StreamExecutionEnvironment env = FLINK.environment();
    Configuration restartOnce = new Configuration();
    restartOnce.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    restartOnce.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
    restartOnce.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, java.time.Duration.ofMillis(500));
    env.configure(restartOnce);
    env.enableCheckpointing(300);
    job.build(env);
    env.execute("materialize with an induced failure");

    assertTrue(FailOnceAfterCheckpoint.FAILED.get(), "the failure was induced");
    HistoryAssertions.assertTablesHoldTheChangePointsOf(events, job.programs(), ICEBERG.catalog());
    // The restarted job replays updates Redis already has; older ones are ignored, so every stored
    // value is still exactly the core's value as of its stored as-of time.
    long[] newest = {Long.MIN_VALUE, Long.MIN_VALUE};
    for (int i = 0; i < events.size(); i++) {
      newest[i % 2] = Math.max(newest[i % 2], events.get(i).eventTime());
    }
    long outOfOrder = flights.watermarks().maxOutOfOrderness().toMillis() + 1;
    OnlineAssertions.assertRedisHoldsTheValuesAsOfTheirAsOfTime(events, Math.max(newest[0], newest[1]) - outOfOrder,
        job.programs(), redis);
  }
}
