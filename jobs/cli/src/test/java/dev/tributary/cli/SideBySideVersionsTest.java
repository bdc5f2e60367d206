package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.online.OnlineRecordCodec;
import dev.tributary.core.testing.SmallDefinitions;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.flink.iceberg.HistoryTableScan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * A view changes (a model input's window goes from 1 h to 2 h) and is applied: the materialize job
 * then writes both versions, each exactly as a job over that version alone writes it, into both
 * history tables and both versions' Redis sections; once the old version is retired the job writes
 * only the new one, the old history stays, and the purge removes the old sections and keeps the
 * new.
 */
class SideBySideVersionsTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  @TempDir Path defs;
  @TempDir Path v1Defs;
  @TempDir Path v2Defs;
  @TempDir Path both;
  @TempDir Path v1Alone;
  @TempDir Path v2Alone;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void bothVersionsAreWrittenUntilTheOldIsRetired() throws Exception {
    for (Path folder : List.of(defs, v1Defs, v2Defs)) {
      SmallDefinitions.write(folder);
    }
    widenTheWindow(v2Defs);
    FeatureView v1 = FeatureRepository.load(v1Defs).view("airport_delays").orElseThrow();
    FeatureView v2 = FeatureRepository.load(v2Defs).view("airport_delays").orElseThrow();
    assertNotEquals(v1.version(), v2.version());
    KAFKA.createTopic("flights", 2);
    long seed = new Random().nextLong();
    publish(new Random(seed), 0, 300);

    // the registry holds v1, then v2 (breaking: the model reads the changed feature)
    run("apply", defs.toString(), "--data-dir=" + both);
    widenTheWindow(defs);
    run("apply", defs.toString(), "--data-dir=" + both, "--allow-breaking");
    String redis = "--redis=" + REDIS.host() + ":" + REDIS.port();
    run(materialize(defs, both, "both"), redis);
    assertTrue(
        out.toString().contains("also writing airport_delays@" + v1.version()), out.toString());
    // each version alone, without a registry
    run(materialize(v1Defs, v1Alone, "v1"));
    run(materialize(v2Defs, v2Alone, "v2"));

    Map<String, List<ChangePoint>> v1Both = history(both, v1);
    Map<String, List<ChangePoint>> v2Both = history(both, v2);
    assertFalse(v1Both.isEmpty(), "seed " + seed);
    assertEquals(history(v1Alone, v1), v1Both, "v1 as alone, seed " + seed);
    assertEquals(history(v2Alone, v2), v2Both, "v2 as alone, seed " + seed);
    assertNotEquals(v1Both, v2Both, "the windows differ, seed " + seed);
    try (RedisClient client = RedisClient.create(REDIS.host(), REDIS.port())) {
      assertEquals(v1Both.keySet(), online(client, v1).keySet());
      assertEquals(v2Both.keySet(), online(client, v2).keySet());

      run("retire", "airport_delays@" + v1.version(), "--data-dir=" + both);
      long v1Snapshot = snapshot(both, v1);
      long v2Snapshot = snapshot(both, v2);
      publish(new Random(seed + 1), 6, 100);
      out.getBuffer().setLength(0);
      run(materialize(defs, both, "both"), redis);
      assertFalse(out.toString().contains("also writing"), out.toString());
      assertEquals(v1Snapshot, snapshot(both, v1), "the retired version is not written");
      assertNotEquals(v2Snapshot, snapshot(both, v2), "the new version goes on");
      assertEquals(v1Both, history(both, v1), "the retired version's history is kept");

      Map<String, OnlineRecord> v2Online = online(client, v2);
      assertFalse(v2Online.isEmpty());
      run("retire", "--purge", "--grace=PT0S", "--data-dir=" + both, redis);
      assertEquals(Map.of(), online(client, v1));
      assertEquals(v2Online, online(client, v2), "the new version's values are kept as they were");
    }
  }

  /**
   * The record of {@code view} in each entity key of Redis, by airport: the purge must remove one
   * version's sections and leave the other's.
   */
  static Map<String, OnlineRecord> online(RedisClient client, FeatureView view) {
    OnlineRecordCodec codec = OnlineRecordCodec.of(view);
    Map<String, OnlineRecord> records = new TreeMap<>();
    for (String key : client.keys("{*}")) {
      OnlineRecord record =
          codec.decode(
              client.get(key.getBytes(StandardCharsets.UTF_8)), System.currentTimeMillis());
      if (record != null) {
        records.put(key.substring(1, key.length() - 1), record);
      }
    }
    return records;
  }

  private static String[] materialize(Path defs, Path dataDir, String group) {
    return new String[] {
      "materialize",
      defs.toString(),
      "--bootstrap-servers",
      KAFKA.bootstrapServers(),
      "--bounded",
      "--group-id",
      group,
      "--data-dir",
      dataDir.toString()
    };
  }

  private void run(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    run(all);
  }

  private void run(String... args) {
    assertEquals(
        0,
        Tributary.run(new PrintWriter(out, true), new PrintWriter(err, true), args),
        String.join(" ", args) + "\n" + out + err);
  }

  /** {@code count} flights over 6 hours from hour {@code fromHour} of 2001-01-01. */
  private static void publish(Random random, int fromHour, int count) {
    FlightEvents.publish(
        KAFKA.bootstrapServers(),
        "flights",
        random,
        LocalDateTime.parse("2001-01-01T00:00:00").plusHours(fromHour),
        count);
  }

  private static Map<String, List<ChangePoint>> history(Path dataDir, FeatureView view)
      throws Exception {
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      return HistoryTableScan.read(catalog.catalog(), ViewProgram.of(view));
    }
  }

  private static long snapshot(Path dataDir, FeatureView view) throws Exception {
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      return catalog
          .catalog()
          .loadTable(TableIdentifier.of("features", view.versionedName()))
          .currentSnapshot()
          .snapshotId();
    }
  }

  static void widenTheWindow(Path folder) throws java.io.IOException {
    Path views = folder.resolve("views.yaml");
    Files.writeString(
        views,
        Files.readString(views).replace("input: delay, window: 1h}", "input: delay, window: 2h}"));
  }
}
