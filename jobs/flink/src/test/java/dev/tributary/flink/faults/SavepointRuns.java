package dev.tributary.flink.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.Source;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.KafkaExtension;
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

/**
 * Materialize jobs run, stopped with a savepoint and resumed from it, the way an upgrade does, over
 * one source's topic: what the upgrade tests share.
 */
final class SavepointRuns {
  private final KafkaExtension kafka;
  private final FlinkClusterExtension flink;
  private final Source source;
  private final String group;
  private final Path savepoints;
  private final RedisOptions redis;

  /**
   * @param source the source whose topic the tests publish to (2 partitions)
   * @param group the jobs' Kafka consumer group
   * @param savepoints the folder the savepoints go to
   */
  SavepointRuns(
      KafkaExtension kafka,
      FlinkClusterExtension flink,
      Source source,
      String group,
      Path savepoints,
      RedisOptions redis) {
    this.kafka = kafka;
    this.flink = flink;
    this.source = source;
    this.group = group;
    this.savepoints = savepoints;
    this.redis = redis;
  }

  /** The settings of the jobs: the embedded services, {@code iceberg}, unbounded. */
  MaterializeSettings settings(LocalIcebergCatalog iceberg) {
    return new MaterializeSettings(
        kafka.bootstrapServers(),
        group,
        false,
        new CatalogConfig(LocalIcebergCatalog.NAME, iceberg.properties()),
        "features",
        redis);
  }

  /**
   * Publishes {@code events}, runs {@code job} until Redis shows it has read them all, and stops it
   * with a savepoint, without draining; the savepoint's path. The job takes no checkpoint before
   * the savepoint: it holds every history file the job wrote, none of them committed yet, as a
   * savepoint of a job between two checkpoints does.
   */
  String runThenSavepoint(MaterializeJob job, List<ParsedEvent> events) throws Exception {
    publish(events);
    JobClient client = submit(job, null);
    JobWaits.until(
        "Redis holds the values as of every entity's newest event",
        FeaturesAndScoring.WAIT,
        () -> onlineHolds(job.programs(), events, redis),
        client);
    return stopWithSavepoint(client, false);
  }

  /**
   * Resumes {@code job} from {@code savepoint}, waits until it has committed every published event
   * on a checkpoint, and stops it draining: every pending change written.
   */
  void resumeToTheEnd(MaterializeJob job, String savepoint) throws Exception {
    JobClient client = submit(job, savepoint);
    String topic = source.topic().orElseThrow();
    JobWaits.until(
        "every published event is read and checkpointed",
        FeaturesAndScoring.WAIT,
        () ->
            ConsumerOffsets.committed(kafka.bootstrapServers(), group, topic)
                >= ConsumerOffsets.end(kafka.bootstrapServers(), topic),
        client);
    stopWithSavepoint(client, true);
  }

  void publish(List<ParsedEvent> events) {
    String topic = source.topic().orElseThrow();
    KafkaTopics.publish(kafka.bootstrapServers(), topic, KafkaTopics.asJson(source, events), 2);
  }

  /**
   * Submits {@code job}, from {@code savepoint} when not null (state of operators the job no longer
   * has is left behind, as with {@code --allow-non-restored-state}). The first job takes no
   * checkpoint but its savepoint, so the savepoint holds history files no checkpoint committed; a
   * resumed one checkpoints as usual.
   */
  private JobClient submit(MaterializeJob job, String savepoint) throws Exception {
    StreamExecutionEnvironment env = flink.environment();
    Configuration config = new Configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    if (savepoint != null) {
      config.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
      // the old version's table sink is gone (HistoryTableSink's uids carry the view version)
      config.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
    }
    env.configure(config);
    env.enableCheckpointing(savepoint == null ? Duration.ofHours(1).toMillis() : 500);
    job.build(env);
    return env.executeAsync(savepoint == null ? "materialize" : "materialize, upgraded");
  }

  /** Stops the job with a savepoint (draining when {@code drain}); its path. */
  private String stopWithSavepoint(JobClient job, boolean drain) throws Exception {
    return job.stopWithSavepoint(
            drain, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
        .get(FeaturesAndScoring.WAIT.toMillis(), TimeUnit.MILLISECONDS);
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

  /** Adds a feature (flights_2h) to {@code view} of the definitions in {@code definitions}. */
  static void addAFeature(Path definitions, String view) throws Exception {
    Path file = definitions.resolve("views/" + view + ".yaml");
    String text = Files.readString(file);
    String anchor = "      - {name: flights_1h, aggregation: count, window: 1h}\n";
    assertTrue(text.contains(anchor), file + " declares flights_1h");
    Files.writeString(
        file,
        text.replace(
            anchor, anchor + "      - {name: flights_2h, aggregation: count, window: 2h}\n"));
  }

  /**
   * After a resume: the views kept across it hold the core's values over {@code all} events, the
   * views added at it over the events {@code afterSavepoint}, in their history tables and in Redis
   * (as of the newest instant the watermark has passed).
   */
  void assertKeptAndAddedViews(
      List<ParsedEvent> all,
      List<ParsedEvent> afterSavepoint,
      List<ViewProgram> kept,
      List<ViewProgram> added,
      LocalIcebergCatalog iceberg)
      throws Exception {
    HistoryAssertions.assertTablesHoldTheChangePointsOf(all, kept, iceberg.catalog(), "kept");
    HistoryAssertions.assertTablesHoldTheChangePointsOf(
        afterSavepoint, added, iceberg.catalog(), "added");
    long outOfOrder = source.watermarks().maxOutOfOrderness().toMillis() + 1;
    long newest = all.get(all.size() - 1).eventTime();
    OnlineAssertions.assertRedisHoldsTheValuesAsOfTheirAsOfTime(
        all, newest - outOfOrder, kept, redis);
    OnlineAssertions.assertRedisHoldsTheValuesAsOfTheirAsOfTime(
        afterSavepoint, newest - outOfOrder, added, redis);
  }
}
