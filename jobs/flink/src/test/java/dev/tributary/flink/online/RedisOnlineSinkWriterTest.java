package dev.tributary.flink.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.keys.OnlineKeys;
import dev.tributary.embedded.junit.RedisExtension;
import java.time.Duration;
import java.util.List;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/** The sink writer alone, with time and metrics in the test's hands. */
class RedisOnlineSinkWriterTest {
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private final FeatureView origin = TestViews.example("origin_delays");
  private final MetricListener metrics = new MetricListener();
  private final SimpleCounter sent = new SimpleCounter();
  private final ManualProcessingTime time = new ManualProcessingTime();

  @Test
  void writesAFullBatchAtOnceTheRestAfterTheFlushIntervalOrAtACheckpoint() throws Exception {
    RedisOptions options =
        RedisOptions.builder(REDIS.host(), REDIS.port())
            .set(RedisOptions.BATCH_SIZE, 3)
            .set(RedisOptions.FLUSH_INTERVAL, Duration.ofMillis(100))
            .build();
    try (RedisOnlineSinkWriter sink = writer(options);
        RedisClient redis = RedisClient.create(REDIS.host(), REDIS.port())) {
      redis.flushAll();
      sink.write(update("A", 1, null), null);
      sink.write(update("B", 1, null), null);
      assertEquals(0, redis.dbSize(), "buffered");
      sink.write(update("C", 1, null), null);
      assertEquals(3, redis.dbSize(), "a full batch is written at once");

      sink.write(update("D", 1, null), null);
      time.advance(99);
      assertEquals(3, redis.dbSize());
      time.advance(1);
      assertEquals(4, redis.dbSize(), "written once the flush interval passed");

      sink.write(update("E", 1, null), null);
      sink.flush(false);
      assertEquals(5, redis.dbSize(), "a checkpoint leaves nothing buffered");
      assertTrue(redis.exists(OnlineKeys.key(List.of("E"))));
    }
  }

  @Test
  void countsWritesSkipsAndFreshness() throws Exception {
    RedisOptions options =
        RedisOptions.builder(REDIS.host(), REDIS.port()).set(RedisOptions.BATCH_SIZE, 100).build();
    long eventTime = System.currentTimeMillis() - 5_000;
    try (RedisOnlineSinkWriter sink = writer(options)) {
      sink.write(update("F1", 10, eventTime), null);
      sink.write(update("F2", 10, eventTime), null);
      sink.write(update("F1", 9, eventTime), null);
      sink.write(update("F3", 10, null), null);
      sink.flush(true);
    }
    assertEquals(3, counter("onlineWrites"));
    assertEquals(1, counter("onlineSkippedAsOlder"));
    assertEquals(0, counter("onlineRetries"));
    assertEquals(4, sent.getCount());
    var freshness = metrics.getHistogram("onlineFreshnessMillis").orElseThrow();
    assertEquals(2, freshness.getCount(), "written updates that carry an event time");
    assertTrue(
        freshness.getStatistics().getMin() >= 5_000 && freshness.getStatistics().getMax() < 60_000,
        "freshness " + freshness.getStatistics().getMin());
  }

  private RedisOnlineSinkWriter writer(RedisOptions options) throws Exception {
    return new RedisOnlineSinkWriter(
        OnlineStoreWriter.open(options, List.of(origin)),
        options,
        time,
        new OnlineSinkMetrics(metrics.getMetricGroup(), sent));
  }

  private OnlineUpdate update(String airport, long asOf, Long eventTime) {
    return OnlineUpdate.of(
        origin, List.of(airport), asOf, TestViews.values(origin, asOf), eventTime);
  }

  private long counter(String name) {
    return metrics.getCounter(name).orElseThrow().getCount();
  }
}
