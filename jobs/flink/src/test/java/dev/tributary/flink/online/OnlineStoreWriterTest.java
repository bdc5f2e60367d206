package dev.tributary.flink.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.keys.OnlineKeys;
import dev.tributary.core.online.OnlineRecordCodec;
import dev.tributary.embedded.junit.RedisExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

class OnlineStoreWriterTest {
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();
  @TempDir static Path folder;

  private static FeatureView origin;
  private static FeatureView allTypes;
  private static OnlineStoreWriter writer;
  private static RedisClient redis;

  @BeforeAll
  static void open() throws Exception {
    origin = TestViews.example("origin_delays");
    allTypes = TestViews.allTypes(folder);
    writer =
        OnlineStoreWriter.open(
            RedisOptions.builder(REDIS.host(), REDIS.port()).build(), List.of(origin, allTypes));
    redis = RedisClient.create(REDIS.host(), REDIS.port());
  }

  @AfterAll
  static void close() {
    writer.close();
    redis.close();
  }

  @Test
  void aNewerOrEqualAsOfReplacesTheHashAndAnOlderOneIsIgnored() throws Exception {
    List<Object> sfo = List.of("SFO");
    String key = OnlineKeys.key(origin, sfo);
    assertEquals(
        1, write(OnlineUpdate.of(origin, sfo, 1_000, TestViews.values(origin, 1), null)).written());
    WriteResult newer =
        write(OnlineUpdate.of(origin, sfo, 2_000, TestViews.values(origin, 2), null));
    assertEquals(1, newer.written());
    Map<String, String> expected =
        OnlineRecordCodec.of(origin).encode(2_000, TestViews.values(origin, 2));
    assertEquals(expected, redis.hgetAll(key));

    WriteResult older =
        write(OnlineUpdate.of(origin, sfo, 1_999, TestViews.values(origin, 3), null));
    assertEquals(0, older.written());
    assertEquals(1, older.skippedAsOlder());
    assertEquals(expected, redis.hgetAll(key), "an older as-of never replaces the stored values");

    // Values as of 2_000 learned later (an event of a slower partition) replace those sent before.
    WriteResult equal =
        write(OnlineUpdate.of(origin, sfo, 2_000, TestViews.values(origin, 4), null));
    assertEquals(1, equal.written());
    assertEquals(
        OnlineRecordCodec.of(origin).encode(2_000, TestViews.values(origin, 4)),
        redis.hgetAll(key));
  }

  @Test
  void withinOneBatchTheNewestAsOfWinsWhateverTheOrder() throws Exception {
    List<Object> lax = List.of("LAX");
    WriteResult result =
        write(
            OnlineUpdate.of(origin, lax, 5_000, TestViews.values(origin, 5), null),
            OnlineUpdate.of(origin, lax, 4_000, TestViews.values(origin, 4), null),
            OnlineUpdate.of(origin, lax, 6_000, TestViews.values(origin, 6), null));
    assertTrue(
        result.wasWritten(0) && !result.wasWritten(1) && result.wasWritten(2), result.toString());
    assertEquals(
        OnlineRecordCodec.of(origin).encode(6_000, TestViews.values(origin, 6)),
        redis.hgetAll(OnlineKeys.key(origin, lax)));
  }

  @Test
  void featuresThatBecameNullAreRemoved() throws Exception {
    List<Object> key = List.of("thing,1", 7L);
    write(OnlineUpdate.of(allTypes, key, 10, TestViews.values(allTypes, 10), null));
    Object[] someNull = TestViews.values(allTypes, 11);
    someNull[1] = null;
    someNull[5] = null;
    someNull[7] = null;
    write(OnlineUpdate.of(allTypes, key, 11, someNull, null));
    Map<String, String> stored = redis.hgetAll(OnlineKeys.key(allTypes, key));
    assertEquals(
        List.of("0", "2", "3", "4", "6", "_as_of"), stored.keySet().stream().sorted().toList());
    assertEquals(OnlineRecordCodec.of(allTypes).encode(11, someNull), stored);

    write(OnlineUpdate.of(allTypes, key, 12, new Object[8], null));
    assertEquals(
        Map.of("_as_of", "12"),
        redis.hgetAll(OnlineKeys.key(allTypes, key)),
        "all null keeps the as-of time, so an older replay still cannot come back");
  }

  @Test
  void theViewsTtlIsSetOnEveryWriteAndNoneWithoutOne() throws Exception {
    long ttl = origin.ttl().toMillis();
    assertEquals(Duration.ofDays(8).toMillis(), ttl);
    write(OnlineUpdate.of(origin, List.of("JFK"), 1, TestViews.values(origin, 1), null));
    long pttl = redis.pttl(OnlineKeys.key(origin, List.of("JFK")));
    assertTrue(pttl > ttl - 60_000 && pttl <= ttl, "PTTL " + pttl);

    List<Object> key = List.of("no-ttl", 1L);
    redis.hset(OnlineKeys.key(allTypes, key), Map.of("_as_of", "0"));
    redis.pexpire(OnlineKeys.key(allTypes, key), 100_000);
    write(OnlineUpdate.of(allTypes, key, 1, TestViews.values(allTypes, 1), null));
    assertEquals(
        -1,
        redis.pttl(OnlineKeys.key(allTypes, key)),
        "a view without TTL leaves no expiry behind");
  }

  @Test
  void aPipelinedBatchOfThousandsOfKeysLandsCompletely() throws Exception {
    List<OnlineUpdate> batch = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      batch.add(
          OnlineUpdate.of(origin, List.of("A" + i), 100 + i, TestViews.values(origin, i), null));
    }
    WriteResult result = writer.write(batch);
    assertEquals(5_000, result.written());
    OnlineRecordCodec codec = OnlineRecordCodec.of(origin);
    for (int i = 0; i < 5_000; i += 1) {
      assertEquals(
          codec.encode(100 + i, TestViews.values(origin, i)),
          redis.hgetAll(OnlineKeys.key(origin, List.of("A" + i))));
    }
    List<OnlineUpdate> older = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      older.add(
          OnlineUpdate.of(origin, List.of("A" + i), 99 + i, TestViews.values(origin, i + 1), null));
    }
    WriteResult replay = writer.write(older);
    assertEquals(0, replay.written());
    assertEquals(5_000, replay.skippedAsOlder());
  }

  @Test
  void aServerThatForgotTheScriptGetsItAgain() throws Exception {
    redis.scriptFlush();
    assertEquals(
        1,
        write(OnlineUpdate.of(origin, List.of("ORD"), 1, TestViews.values(origin, 1), null))
            .written());
    assertEquals(List.of(true), redis.scriptExists(List.of(MonotonicWriteScript.SHA1)));
    assertEquals(
        OnlineRecordCodec.of(origin).encode(1, TestViews.values(origin, 1)),
        redis.hgetAll(OnlineKeys.key(origin, List.of("ORD"))));
  }

  @Test
  void aKeyHoldingSomethingElseFailsWithTheKeyAndAddress() {
    String key = OnlineKeys.key(origin, List.of("BOS"));
    redis.set(key, "not a hash");
    OnlineStoreException e =
        assertThrows(
            OnlineStoreException.class,
            () ->
                write(
                    OnlineUpdate.of(origin, List.of("BOS"), 1, TestViews.values(origin, 1), null)));
    assertTrue(e.getMessage().contains("refused to write key " + key), e.getMessage());
    assertTrue(
        e.getMessage().contains("redis://" + REDIS.host() + ":" + REDIS.port()), e.getMessage());
    assertTrue(e.getMessage().contains("WRONGTYPE"), e.getMessage());
  }

  @Test
  void updatesThatDoNotFitTheirViewAreRejectedBeforeAnythingIsSent() {
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> write(new OnlineUpdate("nope__12345678", List.of("X"), 1, new Object[0], null)));
    assertTrue(unknown.getMessage().contains("not among the views given"), unknown.getMessage());
    Object[] wrong = TestViews.values(origin, 1);
    wrong[0] = 1.5;
    IllegalArgumentException mismatch =
        assertThrows(
            IllegalArgumentException.class,
            () -> write(OnlineUpdate.of(origin, List.of("DEN"), 1, wrong, null)));
    assertTrue(mismatch.getMessage().contains("feature flights_1h is Long"), mismatch.getMessage());
    IllegalArgumentException farFuture =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                write(
                    OnlineUpdate.of(
                        origin,
                        List.of("DEN"),
                        Long.MAX_VALUE,
                        TestViews.values(origin, 1),
                        null)));
    assertTrue(farFuture.getMessage().contains("beyond +-2^53 ms"), farFuture.getMessage());
    assertEquals(Map.of(), redis.hgetAll(OnlineKeys.key(origin, List.of("DEN"))));
  }

  private static WriteResult write(OnlineUpdate... updates) throws Exception {
    return writer.write(Arrays.asList(updates));
  }
}
