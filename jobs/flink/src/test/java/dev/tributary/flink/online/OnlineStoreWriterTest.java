package dev.tributary.flink.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.keys.OnlineKeys;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.online.OnlineRecordCodec;
import dev.tributary.core.window.Seeds;
import dev.tributary.embedded.junit.RedisExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
  private static FeatureView dest;
  private static FeatureView allTypes;
  private static FeatureView shortLived;
  private static OnlineStoreWriter writer;
  private static RedisClient redis;

  @BeforeAll
  static void open() throws Exception {
    origin = TestViews.example("origin_delays");
    dest = TestViews.example("dest_delays");
    allTypes = TestViews.allTypes(folder);
    shortLived = TestViews.shortLived(folder);
    writer =
        OnlineStoreWriter.open(
            RedisOptions.builder(REDIS.host(), REDIS.port()).build(),
            List.of(origin, dest, allTypes, shortLived));
    redis = RedisClient.create(REDIS.host(), REDIS.port());
  }

  @AfterAll
  static void close() {
    writer.close();
    redis.close();
  }

  @Test
  void aNewerOrEqualAsOfReplacesTheRecordAndAnOlderOneIsIgnored() throws Exception {
    List<Object> sfo = List.of("SFO");
    assertEquals(
        1, write(OnlineUpdate.of(origin, sfo, 1_000, TestViews.values(origin, 1), null)).written());
    WriteResult newer =
        write(OnlineUpdate.of(origin, sfo, 2_000, TestViews.values(origin, 2), null));
    assertEquals(1, newer.written());
    assertEquals(record(2_000, TestViews.values(origin, 2)), stored(origin, sfo));

    WriteResult older =
        write(OnlineUpdate.of(origin, sfo, 1_999, TestViews.values(origin, 3), null));
    assertEquals(0, older.written());
    assertEquals(1, older.skippedAsOlder());
    assertEquals(
        record(2_000, TestViews.values(origin, 2)),
        stored(origin, sfo),
        "an older as-of never replaces the stored values");

    // Values as of 2_000 learned later (an event of a slower partition) replace those sent before.
    WriteResult equal =
        write(OnlineUpdate.of(origin, sfo, 2_000, TestViews.values(origin, 4), null));
    assertEquals(1, equal.written());
    assertEquals(record(2_000, TestViews.values(origin, 4)), stored(origin, sfo));
  }

  @Test
  void theViewsOfOneEntityShareItsKeyAndNeverTouchEachOther() throws Exception {
    List<Object> bos = List.of("BOS");
    write(
        OnlineUpdate.of(origin, bos, 5_000, TestViews.values(origin, 5), null),
        OnlineUpdate.of(dest, bos, 3_000, TestViews.values(dest, 3), null));
    assertEquals(1, redis.keys("*BOS*").size(), redis.keys("*").toString());
    // An older origin update is skipped while a dest update of the same key in the same call lands.
    WriteResult result =
        write(
            OnlineUpdate.of(origin, bos, 4_000, TestViews.values(origin, 4), null),
            OnlineUpdate.of(dest, bos, 4_000, TestViews.values(dest, 4), null));
    assertFalse(result.wasWritten(0));
    assertTrue(result.wasWritten(1));
    assertEquals(record(5_000, TestViews.values(origin, 5)), stored(origin, bos));
    assertEquals(record(4_000, TestViews.values(dest, 4)), stored(dest, bos));
  }

  /**
   * Random updates of three views over a few entities, with as-of times from a small range (so ties
   * are common), in random batches, against a model that keeps per (view, entity) the last of the
   * updates with the highest as-of. Every update's written/skipped answer and every final record
   * must match. {@code -Dtributary.seed=N} replays a failure.
   */
  @Test
  void randomOutOfOrderWritesEndAsTheBruteForceModelSays() throws Exception {
    long seed = Seeds.base();
    System.out.println("OnlineStoreWriterTest seed " + seed);
    Random random = new Random(seed);
    List<FeatureView> views = List.of(origin, dest, allTypes);
    Map<String, OnlineRecord> model = new HashMap<>();
    for (int batch = 0; batch < 60; batch++) {
      List<OnlineUpdate> updates = new ArrayList<>();
      int size = 1 + random.nextInt(250);
      for (int i = 0; i < size; i++) {
        FeatureView view = views.get(random.nextInt(views.size()));
        List<Object> key =
            view == allTypes
                ? List.of("R" + random.nextInt(5), (long) random.nextInt(2))
                : List.of("R" + random.nextInt(10));
        Object[] values = TestViews.values(view, random.nextInt(1_000) - 500);
        for (int v = 0; v < values.length; v++) {
          values[v] = random.nextInt(4) == 0 ? null : values[v];
        }
        updates.add(OnlineUpdate.of(view, key, 10_000 + random.nextInt(40), values, null));
      }
      WriteResult result = writer.write(updates);
      for (int i = 0; i < updates.size(); i++) {
        OnlineUpdate update = updates.get(i);
        String id = update.view() + update.keyValues();
        OnlineRecord before = model.get(id);
        boolean writes = before == null || before.asOf() <= update.asOf();
        assertEquals(writes, result.wasWritten(i), "seed " + seed + ", batch " + batch + ", " + i);
        if (writes) {
          model.put(id, new OnlineRecord(update.asOf(), Arrays.asList(update.values())));
        }
      }
    }
    for (FeatureView view : views) {
      for (int e = 0; e < 10; e++) {
        List<Object> key =
            view == allTypes ? List.of("R" + e / 2, (long) (e % 2)) : List.of("R" + e);
        assertEquals(
            model.get(view.versionedName() + key),
            stored(view, key),
            "seed " + seed + ", " + view.name() + " " + key);
      }
    }
  }

  @Test
  void featuresThatBecameNullAreRemovedAndEveryTypeRoundTrips() throws Exception {
    List<Object> key = List.of("thing,1", 7L);
    write(OnlineUpdate.of(allTypes, key, 10, TestViews.values(allTypes, 10), null));
    assertEquals(record(10, TestViews.values(allTypes, 10)), stored(allTypes, key));
    Object[] someNull = TestViews.values(allTypes, 11);
    someNull[1] = null;
    someNull[5] = null;
    someNull[7] = Arrays.asList(null, "");
    someNull[2] = Double.longBitsToDouble(0x7ff8_0000_0000_0abcL); // a NaN with a payload
    someNull[4] = Long.MIN_VALUE;
    write(OnlineUpdate.of(allTypes, key, 11, someNull, null));
    OnlineRecord stored = stored(allTypes, key);
    assertEquals(record(11, someNull), stored);
    assertEquals(0x7ff8_0000_0000_0abcL, Double.doubleToRawLongBits((Double) stored.value(2)));

    write(OnlineUpdate.of(allTypes, key, 12, new Object[8], null));
    assertEquals(
        record(12, new Object[8]),
        stored(allTypes, key),
        "all null keeps the as-of time, so an older replay still cannot come back");
    assertEquals(0, write(OnlineUpdate.of(allTypes, key, 11, someNull, null)).written());
  }

  @Test
  void eachViewKeepsItsOwnTtlInsideTheSharedKey() throws Exception {
    long ttl = origin.ttl().toMillis();
    assertEquals(Duration.ofDays(8).toMillis(), ttl);
    write(OnlineUpdate.of(dest, List.of("JFK"), 1, TestViews.values(dest, 1), null));
    long pttl = redis.pttl(OnlineKeys.key(List.of("JFK")));
    assertTrue(pttl > dest.ttl().toMillis() - 60_000 && pttl <= dest.ttl().toMillis(), "" + pttl);
    write(OnlineUpdate.of(origin, List.of("JFK"), 1, TestViews.values(origin, 1), null));
    pttl = redis.pttl(OnlineKeys.key(List.of("JFK")));
    assertTrue(pttl > ttl - 60_000 && pttl <= ttl, "the key lives as long as its longest view");

    // short_lived (1 s) and all_types (no TTL) share the key of one thing.
    List<Object> thing = List.of("ttl", 1L);
    byte[] key = OnlineKeys.keyBytes(thing);
    write(OnlineUpdate.of(shortLived, thing, 1, new Object[] {5L}, null));
    pttl = redis.pttl(key);
    assertTrue(pttl > 0 && pttl <= 1_000, "PTTL " + pttl);
    write(OnlineUpdate.of(allTypes, thing, 1, TestViews.values(allTypes, 1), null));
    assertEquals(-1, redis.pttl(key), "a view without TTL keeps the key");
    assertEquals(record(1, new Object[] {5L}), stored(shortLived, thing));
    awaitAbsent(shortLived, thing);
    assertEquals(record(1, TestViews.values(allTypes, 1)), stored(allTypes, thing));
    // The expired section is still in the value until the next write drops it.
    OnlineRecordCodec shortCodec = OnlineRecordCodec.of(shortLived);
    assertEquals(record(1, new Object[] {5L}), shortCodec.decode(redis.get(key), 0));
    write(OnlineUpdate.of(allTypes, thing, 2, TestViews.values(allTypes, 2), null));
    assertNull(shortCodec.decode(redis.get(key), 0), "dropped by the next write");
    // An expired section is no obstacle to an older as-of.
    write(OnlineUpdate.of(shortLived, thing, 0, new Object[] {6L}, null));
    assertEquals(record(0, new Object[] {6L}), stored(shortLived, thing));

    // A key with only expired sections disappears by Redis's own expiry.
    List<Object> alone = List.of("alone", 1L);
    write(OnlineUpdate.of(shortLived, alone, 1, new Object[] {7L}, null));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (redis.exists(OnlineKeys.key(alone)) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertFalse(redis.exists(OnlineKeys.key(alone)));
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
    for (int i = 0; i < 5_000; i += 1) {
      assertEquals(record(100 + i, TestViews.values(origin, i)), stored(origin, List.of("A" + i)));
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
    assertEquals(record(1, TestViews.values(origin, 1)), stored(origin, List.of("ORD")));
  }

  @Test
  void aKeyHoldingSomethingElseFailsWithTheKeyAndAddress() {
    String key = OnlineKeys.key(List.of("PHL"));
    redis.hset(key, Map.of("a", "not an online value"));
    OnlineStoreException e =
        assertThrows(
            OnlineStoreException.class,
            () ->
                write(
                    OnlineUpdate.of(origin, List.of("PHL"), 1, TestViews.values(origin, 1), null)));
    assertTrue(e.getMessage().contains("(key " + key + ")"), e.getMessage());
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
    assertFalse(redis.exists(OnlineKeys.key(List.of("DEN"))));
  }

  private static OnlineRecord record(long asOf, Object[] values) {
    return new OnlineRecord(asOf, Arrays.asList(values));
  }

  /** The view's record in Redis now, decoded by the codec every reader uses; null when none. */
  private static OnlineRecord stored(FeatureView view, List<Object> key) {
    return OnlineRecordCodec.of(view)
        .decode(redis.get(OnlineKeys.keyBytes(key)), System.currentTimeMillis());
  }

  private static void awaitAbsent(FeatureView view, List<Object> key) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (stored(view, key) != null && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertNull(stored(view, key), view.name() + " " + key + " past its TTL");
  }

  private static WriteResult write(OnlineUpdate... updates) throws Exception {
    return writer.write(Arrays.asList(updates));
  }
}
