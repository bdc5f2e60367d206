package dev.tributary.flink.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.keys.EntityKeyCodec;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.online.OnlineRecordCodec;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.flink.iceberg.HistoryTableScan;
import dev.tributary.flink.materialize.HistoryAssertions;
import java.nio.charset.StandardCharsets;
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
 * runs' Redis contents does not depend on how a value lays out its sections.
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
   * in {@code catalog} from Redis, and counts each view's sections.
   */
  public static OnlineStoreContents read(
      RedisOptions redis, Catalog catalog, List<ViewProgram> programs) throws Exception {
    Map<String, OnlineRecord> records = new TreeMap<>();
    Map<String, Long> keysPerView = new TreeMap<>();
    try (OnlineStoreReader reader = OnlineStoreReader.open(redis);
        UnifiedJedis client = redis.openClient()) {
      for (ViewProgram program : comparable(programs)) {
        FeatureView view = program.view();
        List<String> entities = new ArrayList<>(HistoryTableScan.entityKeys(catalog, program));
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
      }
      keysPerView.putAll(sectionsPerView(client, comparable(programs)));
    }
    return new OnlineStoreContents(records, keysPerView);
  }

  /** The record of each (view version, entity), keyed {@code "<view>__<version> <entity>"}. */
  public Map<String, OnlineRecord> records() {
    return records;
  }

  /**
   * Every stored record holds the exact features' values of the history table as of its own as-of
   * time (the row with the greatest {@code valid_from <= as-of}), and Redis has no section of these
   * views but those of the tables' entities. Sketches are left out: after a restart the replayed
   * events can reach a sketch in another order, and Redis keeps the value it first stored for an
   * as-of time (a replayed write with the same as-of time is skipped).
   */
  public void assertEachHoldsTheHistoryAsOfItsAsOf(Catalog catalog, List<ViewProgram> programs) {
    for (ViewProgram program : comparable(programs)) {
      String view = program.view().versionedName();
      int parts = HistoryTableScan.partsFor(catalog, program, HistoryAssertions.ROWS_PER_PART);
      long stored = 0;
      for (int part = 0; part < parts; part++) {
        Map<String, List<ChangePoint>> history =
            HistoryTableScan.readPart(catalog, program, part, parts);
        for (Map.Entry<String, List<ChangePoint>> entity : history.entrySet()) {
          OnlineRecord record = records.get(view + " " + entity.getKey());
          if (record != null) {
            stored++;
            assertHoldsTheHistoryAsOfItsAsOf(
                program, record, entity.getValue(), view + " " + entity.getKey());
          }
        }
      }
      assertTrue(stored > 10, view + ": only " + stored + " entities in Redis");
      assertEquals(stored, keysPerView.get(view), view + ": Redis sections = entities read");
    }
  }

  private static void assertHoldsTheHistoryAsOfItsAsOf(
      ViewProgram program, OnlineRecord record, List<ChangePoint> history, String what) {
    boolean[] approximate = HistoryAssertions.approximateFeatures(program);
    Object[] expected = program.spec().valuesWithoutEvents();
    for (ChangePoint row : history) {
      if (row.validFrom() > record.asOf()) {
        break;
      }
      expected = row.values();
    }
    assertEquals(
        exact(Arrays.asList(expected), approximate),
        exact(record.values(), approximate),
        what + " as of " + record.asOf());
  }

  /**
   * The same entities hold the same values of the exact features as in {@code expected} (sketches
   * differ with the order events arrive in, {@link HistoryAssertions#approximateFeatures}), and the
   * same as-of times unless {@code compareAsOf} is false: the as-of time follows the last
   * watermark, which a run stopped by draining moves past a bounded run's end.
   */
  public void assertSameValuesAs(
      OnlineStoreContents expected, List<ViewProgram> programs, boolean compareAsOf) {
    assertEquals(expected.keysPerView, keysPerView, "Redis sections per view");
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

  /**
   * How many entity keys hold a live section of each of {@code programs}' views: every key is read,
   * not only those of the history tables' entities, so a section written for an entity the table
   * does not name is counted too.
   */
  private static Map<String, Long> sectionsPerView(
      UnifiedJedis client, List<ViewProgram> programs) {
    Map<String, Long> sections = new TreeMap<>();
    List<OnlineRecordCodec> codecs = new ArrayList<>();
    programs.forEach(
        p -> {
          sections.put(p.view().versionedName(), 0L);
          codecs.add(OnlineRecordCodec.of(p.view()));
        });
    long now = System.currentTimeMillis();
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = client.scan(cursor, new ScanParams().match("{*}").count(1000));
      for (String key : page.getResult()) {
        byte[] value = client.get(key.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < codecs.size(); i++) {
          if (codecs.get(i).decode(value, now) != null) {
            sections.merge(programs.get(i).view().versionedName(), 1L, Long::sum);
          }
        }
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return sections;
  }
}
