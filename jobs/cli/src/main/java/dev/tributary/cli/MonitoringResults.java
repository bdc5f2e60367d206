package dev.tributary.cli;

import dev.tributary.core.monitor.ab.AbResult;
import dev.tributary.core.monitor.alert.Alert;
import dev.tributary.core.monitor.alert.WindowSummary;
import dev.tributary.core.monitor.drift.DriftResult;
import dev.tributary.core.monitor.latency.LatencyPercentiles;
import dev.tributary.core.monitor.quality.QualityResult;
import dev.tributary.core.monitor.report.ModelReport;
import dev.tributary.core.monitor.serving.TrainingReference;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.flink.monitor.ReportReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * What scoring and the monitor job recorded about one model, read back from their Iceberg tables:
 * the one place the demo's closing table ({@link DemoSummary}) and its report page get their
 * serving-side figures from. Predictions per version come from {@code monitoring.predictions};
 * everything the monitor job wrote (quality, latency, drift, the A/B test, alerts) through the same
 * {@link ReportReader} that {@code tributary report} uses.
 *
 * @param versions per model version that served, in version order
 * @param abTest the latest look at the A/B test; null until the monitor job writes one
 * @param drift per input feature, the latest drift against the training baseline, the largest PSI
 *     of any version; empty when the job had no baseline (the score's drift is per version)
 * @param hourly the hourly windows per version, for the report's charts
 * @param alerts every alert raised in an hour or a day
 */
record MonitoringResults(
    List<MonitoringResults.Version> versions,
    AbResult abTest,
    List<DriftResult> drift,
    List<WindowSummary> hourly,
    List<Alert> alerts) {

  /**
   * One version's figures.
   *
   * @param predictions predictions logged for it by the score job
   * @param quality since start, from the newest row of its window; null before any label joined
   * @param latency request to prediction, since start; null when the job wrote none
   * @param scoreDrift its scores since start against its held-out scores; null when its
   *     metadata.json had no score baseline
   */
  record Version(
      String version,
      long predictions,
      QualityResult quality,
      LatencyPercentiles latency,
      DriftResult scoreDrift) {}

  /** Reads the results of {@code model}, whose predictions {@code scoring} logged. */
  static MonitoringResults read(Catalog catalog, String model, String scoring) {
    Map<String, Long> predictions = new TreeMap<>();
    TableIdentifier log = TableIdentifier.of("monitoring", DeploymentPlan.predictions().name());
    if (catalog.tableExists(log)) {
      try (CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(log)).build()) {
        for (Record row : rows) {
          if (scoring.equals(row.getField("scoring"))) {
            predictions.merge(String.valueOf(row.getField("version_served")), 1L, Long::sum);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    ReportReader reader = new ReportReader(catalog, model, Long.MIN_VALUE, Long.MAX_VALUE);
    ReportReader.SinceStart sinceStart = reader.sinceStart();
    List<Version> versions = new ArrayList<>();
    predictions.forEach(
        (version, count) ->
            versions.add(
                new Version(
                    version,
                    count,
                    sinceStart.quality().get(version),
                    sinceStart.requestLatency().get(version),
                    sinceStart.drift().getOrDefault(version, List.of()).stream()
                        .filter(d -> d.feature().equals(TrainingReference.SCORE))
                        .findFirst()
                        .orElse(null))));
    Map<String, DriftResult> drift = new TreeMap<>();
    sinceStart.drift().values().stream()
        .flatMap(List::stream)
        .filter(d -> !d.feature().equals(TrainingReference.SCORE))
        .forEach(d -> drift.merge(d.feature(), d, (a, b) -> a.psi() >= b.psi() ? a : b));
    ModelReport hours = hours(reader);
    return new MonitoringResults(
        versions,
        sinceStart.abTest(),
        List.copyOf(drift.values()),
        hours == null ? List.of() : hours.windows(),
        hours == null ? List.of() : hours.alerts());
  }

  /** The hourly windows and alerts; null before the job wrote a first hour. */
  private static ModelReport hours(ReportReader reader) {
    try {
      return reader.read(List.of(), System.currentTimeMillis());
    } catch (IllegalArgumentException noHourYet) {
      return null;
    }
  }
}
