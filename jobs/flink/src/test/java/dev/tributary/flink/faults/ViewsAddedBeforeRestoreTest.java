package dev.tributary.flink.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.Source;
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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore after an apply that puts a new view and a new version before the views the job had: the
 * job runs with origin_delays and route_delays, stops with a savepoint, and resumes with
 * dest_delays (a new view), origin_delays' new version, route_delays and origin_delays' previous
 * version, in that order (the definitions' views, then the earlier version kept live beside its
 * successor, as {@code LiveVersions} lists them). Every view is at another position than before.
 *
 * <p>The views that did not change keep their own state: their history tables and Redis hold
 * exactly the core's values over every flight of both runs (a brute-force reference); the added
 * view and version hold the core's values over the flights after the savepoint. With the state
 * keyed by the view's position, as it was, the kept views restored nothing (or another view's
 * state) and their values after the restore lacked the morning's flights.
 */
class ViewsAddedBeforeRestoreTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  private static final String GROUP = "features";

  @TempDir Path folder;

  @Test
  void keptViewsFindTheirStateWhenNewViewsAndVersionsComeBeforeThem() throws Exception {
    // one copy of the definitions, loaded before and after the change: one source, one reader
    Path definitions = FlightsSample.copyDefinitions(folder);
    FeatureRepository example = FeatureRepository.load(definitions);
    SavepointRuns.addAFeature(definitions, "origin_delays");
    FeatureRepository changed = FeatureRepository.load(definitions);
    FeatureView origin = view(example, "origin_delays");
    FeatureView route = view(example, "route_delays");
    FeatureView newOrigin = view(changed, "origin_delays");
    FeatureView dest = view(changed, "dest_delays");
    assertEquals(route.versionedName(), view(changed, "route_delays").versionedName());
    FeatureRepository before = withViews(example, List.of(origin, route));
    FeatureRepository after = withViews(changed, List.of(dest, newOrigin, route, origin));

    Source flights = example.source("flights").orElseThrow();
    List<ParsedEvent> all = FlightsSample.eventsScheduledBefore(flights, "2001-01-01T12");
    long nine = Instant.parse("2001-01-01T09:00:00Z").toEpochMilli();
    List<ParsedEvent> early = all.stream().filter(e -> e.eventTime() < nine).toList();
    List<ParsedEvent> afterSavepoint = all.stream().filter(e -> e.eventTime() >= nine).toList();
    KAFKA.createTopic(flights.topic().orElseThrow(), 2);
    RedisOptions redis = RedisOptions.builder(REDIS.host(), REDIS.port()).build();
    SavepointRuns runs =
        new SavepointRuns(KAFKA, FLINK, flights, GROUP, folder.resolve("savepoints"), redis);

    try (LocalIcebergCatalog iceberg = LocalIcebergCatalog.temporary()) {
      MaterializeSettings settings = runs.settings(iceberg);
      String savepoint = runs.runThenSavepoint(new MaterializeJob(before, settings), early);
      runs.publish(afterSavepoint);
      runs.resumeToTheEnd(new MaterializeJob(after, settings), savepoint);

      List<ViewProgram> kept = List.of(ViewProgram.of(origin), ViewProgram.of(route));
      List<ViewProgram> added = List.of(ViewProgram.of(dest), ViewProgram.of(newOrigin));
      runs.assertKeptAndAddedViews(all, afterSavepoint, kept, added, iceberg);
    }
  }

  private static FeatureView view(FeatureRepository repository, String name) {
    return repository.view(name).orElseThrow();
  }

  /** {@code repository} materializing exactly {@code views}, in this order. */
  private static FeatureRepository withViews(
      FeatureRepository repository, List<FeatureView> views) {
    return new FeatureRepository(
        repository.root(),
        repository.entities(),
        repository.sources(),
        views,
        repository.models(),
        repository.scorings());
  }
}
