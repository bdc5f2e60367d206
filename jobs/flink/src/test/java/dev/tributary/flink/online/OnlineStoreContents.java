package dev.tributary.flink.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.keys.EntityKeyCodec;
import dev.tributary.core.keys.OnlineKeys;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.flink.iceberg.HistoryTableScan;
import dev.tributary.flink.materialize.HistoryAssertions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.catalog.Catalog;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * What the online store holds for every entity of the history tables, read through {@link
 * OnlineStoreReader} (the scoring job's and the serving API's reader), so a test that compares two
 * runs' Redis contents does not depend on how a hash lays out its fields.
 *
 * <p>Covers the views that are both online and offline: their history tables name every entity the
 * job has seen.
 */
public final class OnlineStoreContents {
  private final Map<String, OnlineRecord> records;
  private final Map<String, Long> keysPerView;

  private OnlineStoreContents(Map<String, OnlineRecord> records, Map<String, Long> keysPerView) {
    this.records = records;
    this.keysPerView = keysPerView;
  }

  /**
   * Reads, for each online and offline view of {@code programs}, every entity of its history table
   * in {@code catalog} from Redis, and counts each view's keys.
   */
  public static OnlineStoreContents read(
      RedisOptions redis, Catalog catalog, List<ViewProgram> programs) throws Exception {
    Map<String, OnlineRecord> records = new TreeMap<>();
    Map<String, Long> keysPerView = new TreeMap<>();
    try (OnlineStoreReader reader = OnlineStoreReader.open(redis);
        UnifiedJedis client = redis.openClient()) {
      for (ViewProgram program : comparable(programs)) {
        FeatureView view = program.view();
        List<String> entities = new ArrayList<>(HistoryTableScan.read(catalog, program).keySet());
        List<OnlineLookup> lookups = new ArrayList<>();
        entities.forEach(
            entity ->
                lookups.add(
                    new OnlineLookup(view, EntityKeyCodec.decode(entity, view.entity().keys()))));
        List<Optional<OnlineRecord>> read = reader.read(lookups);
        for (int i = 0; i < entities.size(); i++) {
          String entity = view.versionedName() + " " + entities.get(i);
          read.get(i).ifPresent(record -> records.put(entity, record));
        }
        keysPerView.put(view.versionedName(), count(client, OnlineKeys.pattern(view)));
      }
    }
    return new OnlineStoreContents(records, keysPerView);
  }

  /** The record of each (view version, entity), keyed {@code "<view>__<version> <entity>"}. */
  public Map<String, OnlineRecord> records() {
    return records;
  }

  /**
   * Every stored record holds the exact features' values of the history table as of its own as-of
   * time (the row with the greatest {@code valid_from <= as-of}), and Redis has no hash of these
   * views but those of the tables' entities. Sketches are left out: after a restart the replayed
   * events can reach a sketch in another order, and Redis keeps the value it first stored for an
   * as-of time (a replayed write with the same as-of time is skipped).
   */
  public void assertEachHoldsTheHistoryAsOfItsAsOf(Catalog catalog, List<ViewProgram> programs) {
    for (ViewProgram program : comparable(programs)) {
      String view = program.view().versionedName();
      Map<String, List<ChangePoint>> history = HistoryTableScan.read(catalog, program);
      boolean[] approximate = HistoryAssertions.approximateFeatures(program);
      long stored = 0;
      for (Map.Entry<String, List<ChangePoint>> entity : history.entrySet()) {
        OnlineRecord record = records.get(view + " " + entity.getKey());
        if (record == null) {
          continue;
        }
        stored++;
        Object[] expected = program.spec().valuesWithoutEvents();
        for (ChangePoint row : entity.getValue()) {
          if (row.validFrom() > record.asOf()) {
            break;
          }
          expected = row.values();
        }
        assertEquals(
            exact(Arrays.asList(expected), approximate),
            exact(record.values(), approximate),
            view + " " + entity.getKey() + " as of " + record.asOf());
      }
      assertTrue(stored > 10, view + ": only " + stored + " entities in Redis");
      assertEquals(stored, keysPerView.get(view), view + ": Redis keys = entities read");
    }
  }

  /**
   * The same entities hold the same values of the exact features as in {@code expected} (sketches
   * differ with the order events arrive in, {@link HistoryAssertions#approximateFeatures}), and the
   * same as-of times unless {@code compareAsOf} is false: the as-of time follows the last
   * watermark, which a run stopped by draining moves past a bounded run's end.
   */
  public void assertSameValuesAs(
      OnlineStoreContents expected, List<ViewProgram> programs, boolean compareAsOf) {
    assertEquals(expected.keysPerView, keysPerView, "Redis keys per view");
    assertEquals(expected.records.keySet(), records.keySet(), "entities in Redis");
    Map<String, boolean[]> approximate = new TreeMap<>();
    comparable(programs)
        .forEach(
            p ->
                approximate.put(
                    p.view().versionedName(), HistoryAssertions.approximateFeatures(p)));
    expected.records.forEach(
        (entity, record) -> {
          OnlineRecord actual = records.get(entity);
          boolean[] sketches = approximate.get(entity.substring(0, entity.indexOf(' ')));
          assertEquals(
              exact(record.values(), sketches),
              exact(actual.values(), sketches),
              entity + "'s values");
          if (compareAsOf) {
            assertEquals(record.asOf(), actual.asOf(), entity + "'s as-of time");
          }
        });
  }

  private static List<Object> exact(List<Object> all, boolean[] approximate) {
    List<Object> values = new ArrayList<>(all);
    for (int i = 0; i < approximate.length; i++) {
      if (approximate[i]) {
        values.set(i, null);
      }
    }
    return values;
  }

  private static List<ViewProgram> comparable(List<ViewProgram> programs) {
    return programs.stream().filter(p -> p.view().online() && p.view().offline()).toList();
  }

  private static long count(UnifiedJedis client, String pattern) {
    long keys = 0;
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = client.scan(cursor, new ScanParams().match(pattern).count(1000));
      keys += page.getResult().size();
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return keys;
  }
}
