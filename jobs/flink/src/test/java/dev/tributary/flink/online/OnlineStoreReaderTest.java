package dev.tributary.flink.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.keys.OnlineKeys;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.window.Seeds;
import dev.tributary.embedded.junit.RedisExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

class OnlineStoreReaderTest {
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();
  @TempDir static Path folder;

  private static FeatureView origin;
  private static FeatureView route;
  private static FeatureView allTypes;
  private static OnlineStoreWriter writer;
  private static OnlineStoreReader reader;

  @BeforeAll
  static void open() throws Exception {
    origin = TestViews.example("origin_delays");
    route = TestViews.example("route_delays");
    allTypes = TestViews.allTypes(folder);
    RedisOptions options = RedisOptions.builder(REDIS.host(), REDIS.port()).build();
    writer = OnlineStoreWriter.open(options, List.of(origin, route, allTypes));
    reader = OnlineStoreReader.open(options);
  }

  @AfterAll
  static void close() {
    writer.close();
    reader.close();
  }

  @Test
  void readsBackExactlyWhatWasWrittenForManyEntitiesOfSeveralViews() throws Exception {
    long seed = Seeds.base(); // -Dtributary.seed=N replays a failure
    System.out.println("OnlineStoreReaderTest seed " + seed);
    Random random = new Random(seed);
    List<OnlineUpdate> updates = new ArrayList<>();
    List<OnlineLookup> lookups = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      FeatureView view = List.of(origin, route, allTypes).get(i % 3);
      List<Object> key =
          view == origin
              ? List.of("O" + i)
              : view == route
                  ? List.of("R" + i, "D|{" + i + "}")
                  : List.of("thing " + i, (long) i - 150);
      Object[] values = randomValues(view, random);
      long asOf = 978_307_200_000L + random.nextInt(1_000_000);
      updates.add(OnlineUpdate.of(view, key, asOf, values, null));
      lookups.add(new OnlineLookup(view, key));
    }
    writer.write(updates);
    lookups.add(OnlineLookup.of(origin, "never written"));

    List<Optional<OnlineRecord>> records = reader.read(lookups);
    assertEquals(lookups.size(), records.size());
    for (int i = 0; i < updates.size(); i++) {
      OnlineRecord record = records.get(i).orElseThrow();
      assertEquals(updates.get(i).asOf(), record.asOf(), "seed " + seed);
      assertEquals(
          Arrays.asList(updates.get(i).values()),
          record.values(),
          "seed " + seed + ", " + updates.get(i));
    }
    assertEquals(Optional.empty(), records.get(updates.size()));
  }

  @Test
  void aValueNotWrittenByTheWriterIsReportedWithItsKey() {
    String key = OnlineKeys.key(List.of("FOREIGN"));
    try (RedisClient client = RedisClient.create(REDIS.host(), REDIS.port())) {
      client.set(key, "mean_delay_1h=3.5");
    }
    OnlineStoreException e =
        assertThrows(
            OnlineStoreException.class, () -> reader.read(OnlineLookup.of(origin, "FOREIGN")));
    assertTrue(e.getMessage().startsWith("Key " + key + " at redis://"), e.getMessage());
    assertTrue(e.getMessage().contains("is no sequence of sections"), e.getMessage());
  }

  static Object[] randomValues(FeatureView view, Random random) {
    Object[] values = TestViews.values(view, random.nextInt(1000) - 500);
    for (int i = 0; i < values.length; i++) {
      if (random.nextInt(5) == 0) {
        values[i] = null;
      } else if (values[i] instanceof Double) {
        double[] tricky = {
          -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 0.1 + 0.2, random.nextGaussian()
        };
        values[i] = tricky[random.nextInt(tricky.length)];
      } else if (values[i] instanceof Long) {
        long[] tricky = {Long.MIN_VALUE, Long.MAX_VALUE, 0, random.nextLong()};
        values[i] = tricky[random.nextInt(tricky.length)];
      } else if (values[i] instanceof String) {
        values[i] = random.nextBoolean() ? "" : "a,\\b\u00e9";
      }
    }
    return values;
  }
}
