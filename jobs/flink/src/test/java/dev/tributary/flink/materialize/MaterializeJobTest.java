package dev.tributary.flink.materialize;

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
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The materialization job end to end on real services (in-process Kafka, Iceberg JDBC catalog on
 * SQLite, Flink MiniCluster at parallelism 2): after replaying a day and a half of real flights,
 * every history table equals the core's change points computed directly from the same events.
 */
class MaterializeJobTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private final FeatureRepository definitions = FlightsSample.definitions();
  private final Source flights = definitions.source("flights").orElseThrow();

  @Test
  void historyTablesEqualTheCoresChangePointsOfTheSameEvents() throws Exception {
    List<ParsedEvent> events = FlightsSample.eventsScheduledBefore(flights, "2001-01-02T12");
    KAFKA.createTopic("flights", 2);
    KafkaTopics.publish(
        KAFKA.bootstrapServers(), "flights", KafkaTopics.asJson(flights, events), 2);

    RedisOptions redis = RedisOptions.builder(REDIS.host(), REDIS.port()).build();
    MaterializeJob job =
        new MaterializeJob(
            definitions,
            new MaterializeSettings(
                KAFKA.bootstrapServers(),
                "materialize-test",
                true,
                new CatalogConfig(LocalIcebergCatalog.NAME, ICEBERG.properties()),
                "test-run",
                redis));
    StreamExecutionEnvironment env = FLINK.environment();
    env.enableCheckpointing(2_000);
    job.build(env);
    env.execute("materialize flights");

    HistoryAssertions.assertTablesHoldTheChangePointsOf(events, job.programs(), ICEBERG.catalog());
    OnlineAssertions.assertRedisHoldsTheValuesAsOfTheirAsOfTime(
        events, latestFinalWatermark(events), job.programs(), redis);
  }

  /**
   * Events go to partition {@code i % 2}; each partition's last watermark is its newest event time
   * minus the out-of-orderness minus 1 ms, and the keyed operator's never passes the larger of
   * them.
   */
  private long latestFinalWatermark(List<ParsedEvent> events) {
    return events.stream().mapToLong(ParsedEvent::eventTime).max().orElseThrow()
        - flights.watermarks().maxOutOfOrderness().toMillis()
        - 1;
  }
}
