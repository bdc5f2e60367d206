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
import dev.tributary.flink.JobWaits;
import dev.tributary.flink.KafkaTopics;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.materialize.HistoryAssertions;
import dev.tributary.flink.materialize.MaterializeJob;
import dev.tributary.flink.materialize.MaterializeSettings;
import dev.tributary.flink.materialize.OnlineAssertions;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.flink.score.ConsumerOffsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade: the materialize job is stopped with a savepoint while it reads (so the savepoint
 * holds history files that no checkpoint has committed yet), and a changed job (origin_delays gains
 * a feature, so a new version of the view, with its own table and Redis keys, beside the old one)
 * is submitted from that savepoint.
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
  private final List<List<ParsedEvent>> byPartition = List.of(new ArrayList<>(), new ArrayList<>());

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
    long three = Instant.parse("2001-01-01T15:00:00Z").toEpochMilli();
    List<ParsedEvent> morning = all.stream().filter(e -> e.eventTime() < noon).toList();
    List<ParsedEvent> afternoon =
        all.stream().filter(e -> e.eventTime() >= noon && e.eventTime() < three).toList();
    List<ParsedEvent> evening = all.stream().filter(e -> e.eventTime() >= three).toList();
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
      JobClient old = submit(new MaterializeJob(before, settings), null);
      awaitCheckpointed(old);
      // Stopped while it reads the afternoon: the savepoint then holds history files that no
      // checkpoint has committed yet, as an upgrade of a running job does.
      publish(flights, afternoon);
      String savepoint =
          old.stopWithSavepoint(
                  false,
                  folder.resolve("savepoints").toUri().toString(),
                  SavepointFormatType.CANONICAL)
              .get(FeaturesAndScoring.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetAndMetadata> resumeAt = savepointOffsets();
      publish(flights, evening);
      List<ParsedEvent> afterSavepoint = unreadAt(resumeAt);
      System.out.println(
          (afterSavepoint.size() - evening.size())
              + " of "
              + afternoon.size()
              + " afternoon flights were unread at the savepoint");
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

  /** Publishes round robin over the two partitions, remembering what went where. */
  private void publish(Source flights, List<ParsedEvent> events) {
    KafkaTopics.publish(KAFKA.bootstrapServers(), TOPIC, KafkaTopics.asJson(flights, events), 2);
    for (int i = 0; i < events.size(); i++) {
      byPartition.get(i % 2).add(events.get(i));
    }
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

  /** The offsets the source committed with the savepoint, which the upgraded job resumes at. */
  private static Map<TopicPartition, OffsetAndMetadata> savepointOffsets() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
    }
  }

  /** The published flights at or after {@code offsets}, in event-time order. */
  private List<ParsedEvent> unreadAt(Map<TopicPartition, OffsetAndMetadata> offsets) {
    List<ParsedEvent> unread = new ArrayList<>();
    for (int partition = 0; partition < 2; partition++) {
      List<ParsedEvent> events = byPartition.get(partition);
      int offset = (int) offsets.get(new TopicPartition(TOPIC, partition)).offset();
      unread.addAll(events.subList(offset, events.size()));
    }
    unread.sort(Comparator.comparingLong(ParsedEvent::eventTime));
    return unread;
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
    env.enableCheckpointing(500);
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
