package dev.tributary.core.defs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitoring block of a model as written in the example, and the defaults without one. */
class MonitoringDefinitionsTest {
  @TempDir Path folder;

  @Test
  void readsTheExampleModelsMonitoring() {
    ModelMonitoring monitoring =
        FeatureRepository.load(RepositoryPaths.exampleDefinitions())
            .model("flight_delay")
            .orElseThrow()
            .monitoring();
    assertEquals(0.5, monitoring.threshold());
    assertEquals(Duration.ofHours(6), monitoring.labelWait());
    assertEquals(100, monitoring.minLabels());
    assertEquals(0.1, monitoring.drift().psiWarn());
    assertEquals(0.25, monitoring.drift().psiAlert());
    assertEquals(0.2, monitoring.drift().ksAlert());
    assertTrue(Double.isNaN(monitoring.drift().nullRateChangeAlert()));
    assertEquals(
        List.of("AUC_DROP 0.05", "P99_LATENCY 250.0", "ERROR_RATE 0.01", "LABEL_COVERAGE 0.8"),
        monitoring.alerts().stream().map(r -> r.kind() + " " + r.threshold()).toList());
    assertTrue(monitoring.alerts().get(0).at().toString().contains("models.yaml"));
  }

  @Test
  void aModelWithoutMonitoringGetsTheDefaults() throws IOException {
    Path broken =
        Path.of("src/test/resources/broken-defs/39-monitoring-threshold-not-a-share.yaml");
    List<String> lines = Files.readAllLines(broken);
    // the same repository without its monitoring block (the last two lines)
    Files.write(folder.resolve("defs.yaml"), lines.subList(1, lines.size() - 2));
    ModelMonitoring monitoring =
        FeatureRepository.load(folder).model("flight_delay").orElseThrow().monitoring();
    assertEquals(ModelMonitoring.DEFAULTS, monitoring);
  }
}
