package dev.tributary.flink.online;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.keys.OnlineKeys;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.online.OnlineRecordCodec;
import dev.tributary.core.window.Seeds;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.RedisExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * A Flink job on the MiniCluster (parallelism 2, no Kryo, strict uids) writing through the sink.
 */
class RedisOnlineSinkTest {
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  @Test
  void updatesInAnyOrderAcrossTwoSubtasksLeaveTheNewestValuesOfEveryEntity() throws Exception {
    FeatureView origin = TestViews.example("origin_delays");
    FeatureView route = TestViews.example("route_delays");
    long seed = Seeds.base(); // -Dtributary.seed=N replays a failure
    System.out.println("RedisOnlineSinkTest seed " + seed);
    List<OnlineUpdate> updates = new ArrayList<>();
    for (int entity = 0; entity < 300; entity++) {
      for (long asOf = 1; asOf <= 4; asOf++) {
        updates.add(
            OnlineUpdate.of(
                origin,
                List.of("O" + entity),
                asOf * 1000,
                TestViews.values(origin, asOf + entity),
                asOf * 1000 - 1));
        updates.add(
            OnlineUpdate.of(
                route,
                List.of("R" + entity, "D"),
                asOf * 1000,
                TestViews.values(route, asOf - entity),
                null));
      }
    }
    Collections.shuffle(updates, new Random(seed));

    StreamExecutionEnvironment env = FLINK.environment();
    RedisOptions options =
        RedisOptions.builder(REDIS.host(), REDIS.port()).set(RedisOptions.BATCH_SIZE, 50).build();
    env.fromData(updates)
        .uid("updates")
        .name("updates")
        .sinkTo(new RedisOnlineSink(options, List.of(origin, route)))
        .uid("redis-online")
        .name("Redis online store");
    env.execute("redis-online-sink-test");

    OnlineRecordCodec originCodec = OnlineRecordCodec.of(origin);
    OnlineRecordCodec routeCodec = OnlineRecordCodec.of(route);
    try (RedisClient redis = RedisClient.create(REDIS.host(), REDIS.port())) {
      assertEquals(600, redis.dbSize());
      long now = System.currentTimeMillis();
      for (int entity = 0; entity < 300; entity++) {
        assertEquals(
            new OnlineRecord(4000, Arrays.asList(TestViews.values(origin, 4 + entity))),
            originCodec.decode(redis.get(OnlineKeys.keyBytes(List.of("O" + entity))), now),
            "seed " + seed);
        assertEquals(
            new OnlineRecord(4000, Arrays.asList(TestViews.values(route, 4 - entity))),
            routeCodec.decode(redis.get(OnlineKeys.keyBytes(List.of("R" + entity, "D"))), now),
            "seed " + seed);
      }
    }
  }
}
