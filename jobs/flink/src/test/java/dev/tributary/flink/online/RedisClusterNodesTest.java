package dev.tributary.flink.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.window.Seeds;
import dev.tributary.embedded.EmbeddedRedis;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * {@code redis.nodes} against a real Redis Cluster of three redis-server nodes, whose 16384 slots
 * the test splits between them: the writer and the reader start from the seeds, the first of which
 * is down, find the cluster through the second, and route every entity to the node owning its slot,
 * so values written are read back and land on every node.
 */
class RedisClusterNodesTest {
  private static final int SLOTS = 16384;
  private static final List<EmbeddedRedis> nodes = new ArrayList<>();

  @BeforeAll
  static void startACluster() throws Exception {
    for (int i = 0; i < 3; i++) {
      nodes.add(EmbeddedRedis.startClusterNode());
    }
    for (int i = 0; i < nodes.size(); i++) {
      try (Jedis node = new Jedis(nodes.get(i).host(), nodes.get(i).port())) {
        node.clusterAddSlots(
            IntStream.range(i * SLOTS / nodes.size(), (i + 1) * SLOTS / nodes.size()).toArray());
        if (i > 0) {
          node.clusterMeet(nodes.get(0).host(), nodes.get(0).port());
        }
      }
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    for (EmbeddedRedis redis : nodes) {
      try (Jedis node = new Jedis(redis.host(), redis.port())) {
        while (!node.clusterInfo().contains("cluster_state:ok")) {
          assertTrue(System.nanoTime() < deadline, "cluster ok: " + node.clusterInfo());
          Thread.sleep(100);
        }
      }
    }
  }

  @AfterAll
  static void stop() {
    nodes.forEach(EmbeddedRedis::close);
  }

  @Test
  void writerAndReaderFindTheClusterThroughTheSeedThatAnswers() throws Exception {
    String down;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      down = "127.0.0.1:" + closed.getLocalPort(); // nothing listens there once it is closed
    }
    String up = nodes.get(1).host() + ":" + nodes.get(1).port();
    // as the CLI gives the file's redis.nodes: Flink's list form, items separated by ';'
    RedisOptions options =
        RedisOptions.fromConfiguration(
            Configuration.fromMap(Map.of("redis.nodes", down + ";" + up)));
    assertEquals("redis://" + down + "," + up + " (cluster)", options.address());

    FeatureView origin = TestViews.example("origin_delays");
    long seed = Seeds.base(); // -Dtributary.seed=N replays a failure
    Random random = new Random(seed);
    List<OnlineUpdate> updates = new ArrayList<>();
    List<OnlineLookup> lookups = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      List<Object> key = List.of("A" + i);
      updates.add(
          OnlineUpdate.of(
              origin,
              key,
              978_307_200_000L + i,
              OnlineStoreReaderTest.randomValues(origin, random),
              null));
      lookups.add(new OnlineLookup(origin, key));
    }
    try (OnlineStoreWriter writer = OnlineStoreWriter.open(options, List.of(origin));
        OnlineStoreReader reader = OnlineStoreReader.open(options)) {
      writer.write(updates);
      List<Optional<OnlineRecord>> records = reader.read(lookups);
      for (int i = 0; i < updates.size(); i++) {
        OnlineRecord record = records.get(i).orElseThrow();
        assertEquals(updates.get(i).asOf(), record.asOf(), "seed " + seed);
        assertEquals(Arrays.asList(updates.get(i).values()), record.values(), "seed " + seed);
      }
    }
    for (EmbeddedRedis redis : nodes) {
      try (Jedis node = new Jedis(redis.host(), redis.port())) {
        assertTrue(node.dbSize() > 0, "entities on " + redis.port() + " too");
      }
    }
  }
}
