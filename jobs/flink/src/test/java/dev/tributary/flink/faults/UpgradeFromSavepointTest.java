package dev.tributary.flink.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Source;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.JobWaits;
import dev.tributary.flink.KafkaTopics;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.materialize.HistoryAssertions;
import dev.tributary.flink.materialize.MaterializeJob;
import dev.tributary.flink.materialize.MaterializeSettings;
import dev.tributary.flink.materialize.OnlineAssertions;
import dev.tributary.flink.online.OnlineLookup;
import dev.tributary.flink.online.OnlineStoreReader;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.flink.score.ConsumerOffsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
    FeatureRepository after = FeatureRepository.load(changedDefinitions());
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

    try (LocalIcebergCatalog iceberg = LocalIcebergCatalog.temporary()) {
      MaterializeSettings settings =
          new MaterializeSettings(
              KAFKA.bootstrapServers(),
              GROUP,
              false,
              new CatalogConfig(LocalIcebergCatalog.NAME, iceberg.properties()),
              "features",
              redis);
      publish(flights, morning);
      MaterializeJob first = new MaterializeJob(before, settings);
      JobClient old = submit(first, null);
      // No checkpoint before the savepoint: it holds every history file the job wrote, none of
      // them committed yet, as a savepoint of a job between two checkpoints does. The job has read
      // the whole morning once Redis holds every entity's values as of its newest flight.
      JobWaits.until(
          "Redis holds the values as of every entity's newest morning flight",
          FeaturesAndScoring.WAIT,
          () -> onlineHolds(first.programs(), morning, redis),
          old);
      String savepoint =
          old.stopWithSavepoint(
                  false,
                  folder.resolve("savepoints").toUri().toString(),
                  SavepointFormatType.CANONICAL)
              .get(FeaturesAndScoring.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      publish(flights, afterSavepoint);
      TableIdentifier oldTable =
          TableIdentifier.of(
              HistoryTables.NAMESPACE, before.view(CHANGED_VIEW).orElseThrow().versionedName());
      long oldSnapshot = iceberg.catalog().loadTable(oldTable).currentSnapshot().snapshotId();

      MaterializeJob changed = new MaterializeJob(after, settings);
      JobClient upgraded = submit(changed, savepoint);
      awaitCheckpointed(upgraded);
      upgraded
          .stopWithSavepoint(
              true, folder.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
          .get(FeaturesAndScoring.WAIT.toMillis(), TimeUnit.MILLISECONDS);

      List<ViewProgram> kept = new ArrayList<>();
      List<ViewProgram> added = new ArrayList<>();
      for (ViewProgram program : changed.programs()) {
        (program.view().name().equals(CHANGED_VIEW) ? added : kept).add(program);
      }
      assertEquals(1, added.size());
      assertTrue(kept.size() >= 2, "views kept: " + kept.size());
      HistoryAssertions.assertTablesHoldTheChangePointsOf(all, kept, iceberg.catalog(), "kept");
      HistoryAssertions.assertTablesHoldTheChangePointsOf(
          afterSavepoint, added, iceberg.catalog(), "new version");
      long outOfOrder = flights.watermarks().maxOutOfOrderness().toMillis() + 1;
      long newest = all.get(all.size() - 1).eventTime();
      OnlineAssertions.assertRedisHoldsTheValuesAsOfTheirAsOfTime(
          all, newest - outOfOrder, kept, redis);
      OnlineAssertions.assertRedisHoldsTheValuesAsOfTheirAsOfTime(
          afterSavepoint, newest - outOfOrder, added, redis);
      iceberg.catalog().loadTable(oldTable).refresh();
      assertEquals(
          oldSnapshot,
          iceberg.catalog().loadTable(oldTable).currentSnapshot().snapshotId(),
          "the old version's table is as the first job left it");
    }
  }

  private static void publish(Source flights, List<ParsedEvent> events) {
    KafkaTopics.publish(KAFKA.bootstrapServers(), TOPIC, KafkaTopics.asJson(flights, events), 2);
  }

  /** Waits until the job has committed every published flight on a checkpoint. */
  private void awaitCheckpointed(JobClient job) throws Exception {
    JobWaits.until(
        "every published flight is read and checkpointed",
        FeaturesAndScoring.WAIT,
        () ->
            ConsumerOffsets.committed(KAFKA.bootstrapServers(), GROUP, TOPIC)
                >= ConsumerOffsets.end(KAFKA.bootstrapServers(), TOPIC),
        job);
  }

  /**
   * Whether Redis holds, for every entity of every online view, values as of at least the entity's
   * newest event of {@code events} + 1 ms: the job has read them all.
   */
  private static boolean onlineHolds(
      List<ViewProgram> programs, List<ParsedEvent> events, RedisOptions redis) throws Exception {
    try (OnlineStoreReader reader = OnlineStoreReader.open(redis)) {
      for (ViewProgram program : programs) {
        if (!program.view().online()) {
          continue;
        }
        Map<String, Long> newest = new HashMap<>();
        Map<String, List<Object>> keys = new HashMap<>();
        for (ParsedEvent event : events) {
          program
              .extract(event.row(), event.eventTime())
              .ifPresent(
                  input -> {
                    newest.merge(input.encodedKey(), event.eventTime(), Math::max);
                    keys.put(input.encodedKey(), input.keyValues());
                  });
        }
        List<String> entities = new ArrayList<>(keys.keySet());
        List<Optional<OnlineRecord>> stored =
            reader.read(
                entities.stream().map(e -> new OnlineLookup(program.view(), keys.get(e))).toList());
        for (int i = 0; i < entities.size(); i++) {
          if (stored.get(i).isEmpty()
              || stored.get(i).get().asOf() <= newest.get(entities.get(i))) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static JobClient submit(MaterializeJob job, String savepoint) throws Exception {
    StreamExecutionEnvironment env = FLINK.environment();
    Configuration config = new Configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    if (savepoint != null) {
      config.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
      // the old version's table sink is gone (HistoryTableSink's uids carry the view version)
      config.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
    }
    env.configure(config);
    // the first job takes no checkpoint but its savepoint; the upgraded one checkpoints as usual
    env.enableCheckpointing(savepoint == null ? Duration.ofHours(1).toMillis() : 500);
    job.build(env);
    return env.executeAsync(savepoint == null ? "materialize" : "materialize, upgraded");
  }

  /** A copy of the example definitions whose origin_delays gains a feature. */
  private Path changedDefinitions() throws Exception {
    Path copy = FlightsSample.copyDefinitions(folder);
    Path view = copy.resolve("views/" + CHANGED_VIEW + ".yaml");
    String text = Files.readString(view);
    String anchor = "      - {name: flights_1h, aggregation: count, window: 1h}\n";
    assertTrue(text.contains(anchor), view + " declares flights_1h");
    Files.writeString(
        view,
        text.replace(
            anchor, anchor + "      - {name: flights_2h, aggregation: count, window: 2h}\n"));
    return copy;
  }
}
