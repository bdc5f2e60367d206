package dev.tributary.flink.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Source;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.materialize.MaterializeJob;
import dev.tributary.flink.materialize.MaterializeSettings;
import dev.tributary.flink.online.RedisOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade: the materialize job is stopped with a savepoint between checkpoints (so the savepoint
 * holds history files that no checkpoint has committed), and a changed job (origin_delays gains a
 * feature, so a new version of the view, with its own table and Redis keys, beside the old one) is
 * submitted from that savepoint.
 *
 * <p>The views that did not change keep their state: their history tables and Redis hold exactly
 * the core's values over every flight of both runs (a brute-force reference), so no flight read
 * before the savepoint is missing and none is counted twice. The new version starts empty from the
 * savepoint's offsets: its table holds the change points of the flights after the savepoint only
 * (earlier history is the backfill's work, docs/operations.md). The old version's table is left as
 * the first job committed it.
 *
 * <p>This is what put the view version into the history sinks' uids: with the view's name alone,
 * the new version's sink restored the old one's committer state, and the upgraded job failed
 * looking for the old version's manifest.
 */
class UpgradeFromSavepointTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  private static final String CHANGED_VIEW = "origin_delays";
  private static final String TOPIC = "flights";
  private static final String GROUP = "features";

  @TempDir Path folder;

  @Test
  void unchangedViewsKeepTheirStateAndTheNewVersionStartsBeside() throws Exception {
    FeatureRepository before = FlightsSample.definitions();
    FeatureRepository after = changedDefinitions();
    assertNotEquals(
        before.view(CHANGED_VIEW).orElseThrow().versionedName(),
        after.view(CHANGED_VIEW).orElseThrow().versionedName(),
        "the changed view has a new version");
    Source flights = before.source("flights").orElseThrow();
    List<ParsedEvent> all =
        FlightsSample.eventsScheduledBefore(flights, FeaturesAndScoring.STAGES.get(3));
    long noon = Instant.parse("2001-01-01T12:00:00Z").toEpochMilli();
    List<ParsedEvent> morning = all.stream().filter(e -> e.eventTime() < noon).toList();
    List<ParsedEvent> afterSavepoint = all.stream().filter(e -> e.eventTime() >= noon).toList();
    KAFKA.createTopic(TOPIC, 2);
    RedisOptions redis = RedisOptions.builder(REDIS.host(), REDIS.port()).build();
    SavepointRuns runs =
        new SavepointRuns(KAFKA, FLINK, flights, GROUP, folder.resolve("savepoints"), redis);

    try (LocalIcebergCatalog iceberg = LocalIcebergCatalog.temporary()) {
      MaterializeSettings settings = runs.settings(iceberg);
      MaterializeJob first = new MaterializeJob(before, settings);
      String savepoint = runs.runThenSavepoint(first, morning);
      runs.publish(afterSavepoint);
      TableIdentifier oldTable =
          TableIdentifier.of(
              HistoryTables.NAMESPACE, before.view(CHANGED_VIEW).orElseThrow().versionedName());
      long oldSnapshot = iceberg.catalog().loadTable(oldTable).currentSnapshot().snapshotId();

      MaterializeJob changed = new MaterializeJob(after, settings);
      runs.resumeToTheEnd(changed, savepoint);

      List<ViewProgram> kept = new ArrayList<>();
      List<ViewProgram> added = new ArrayList<>();
      for (ViewProgram program : changed.programs()) {
        (program.view().name().equals(CHANGED_VIEW) ? added : kept).add(program);
      }
      assertEquals(1, added.size());
      assertTrue(kept.size() >= 2, "views kept: " + kept.size());
      runs.assertKeptAndAddedViews(all, afterSavepoint, kept, added, iceberg);
      iceberg.catalog().loadTable(oldTable).refresh();
      assertEquals(
          oldSnapshot,
          iceberg.catalog().loadTable(oldTable).currentSnapshot().snapshotId(),
          "the old version's table is as the first job left it");
    }
  }

  /** A copy of the example definitions whose origin_delays gains a feature. */
  private FeatureRepository changedDefinitions() throws Exception {
    Path copy = FlightsSample.copyDefinitions(folder);
    SavepointRuns.addAFeature(copy, CHANGED_VIEW);
    return FeatureRepository.load(copy);
  }
}
