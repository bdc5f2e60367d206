package dev.tributary.core.defs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.agg.Aggregation;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleDefinitionsTest {
  private final FeatureRepository repository =
      FeatureRepository.load(RepositoryPaths.exampleDefinitions());

  @Test
  void loadsEveryDefinitionOfTheFlightsExample() {
    assertEquals(
        List.of("airport", "route"), repository.entities().stream().map(Entity::name).toList());
    assertEquals(
        List.of("flights", "flight_requests"),
        repository.sources().stream().map(Source::name).toList());
    assertEquals(
        List.of("dest_delays", "origin_delays", "route_delays"),
        repository.views().stream().map(FeatureView::name).sorted().toList());
    int features = repository.views().stream().mapToInt(v -> v.features().size()).sum();
    assertTrue(features >= 12, "about a dozen features, got " + features);
    assertEquals(11, repository.model("flight_delay").orElseThrow().inputs().size());
    assertEquals(1, repository.scorings().size());
  }

  @Test
  void resolvesHistoricalFilesAgainstTheDefinitionsFolder() {
    FileInput files = repository.source("flights").orElseThrow().files().orElseThrow();
    assertTrue(Files.isRegularFile(files.path()), files.path() + " should exist");
    assertEquals("csv", files.format());
  }

  @Test
  void appliesChrononDefaultHops() {
    FeatureView origin = repository.view("origin_delays").orElseThrow();
    assertEquals(Duration.ofMinutes(5), origin.feature("mean_delay_1h").orElseThrow().hop());
    assertEquals(Duration.ofHours(1), origin.feature("mean_delay_24h").orElseThrow().hop());
    assertEquals(Duration.ofHours(1), origin.feature("mean_delay_7d").orElseThrow().hop());
    Feature lifetime =
        repository.view("route_delays").orElseThrow().feature("last_delay").orElseThrow();
    assertTrue(lifetime.isLifetime());
    assertEquals(Aggregation.LAST, lifetime.aggregation());
  }

  @Test
  void eventTimeIsTheActualDeparture() {
    Source flights = repository.source("flights").orElseThrow();
    long scheduled = 978_307_260_000L; // 2001-01-01T00:01:00Z
    Object[] row = {scheduled, 19L, 215L, "ATL", "SAV"};
    assertEquals(scheduled + 19 * 60_000L, flights.eventTime().evaluate(row));
  }

  @Test
  void booleanInputsOfNumericAggregationsCountAsOneOrZero() {
    Feature lateShare =
        repository.view("origin_delays").orElseThrow().feature("late_share_1h").orElseThrow();
    Object[] late = {0L, 16L, 100L, "ATL", "SAV"};
    Object[] onTime = {0L, 15L, 100L, "ATL", "SAV"};
    assertEquals(1L, lateShare.input().orElseThrow().evaluate(late));
    assertEquals(0L, lateShare.input().orElseThrow().evaluate(onTime));
  }
}
