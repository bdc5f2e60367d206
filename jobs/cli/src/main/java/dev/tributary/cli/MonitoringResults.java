package dev.tributary.cli;

import dev.tributary.core.monitor.Granularity;
import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.ab.AbResult;
import dev.tributary.core.monitor.alert.Alert;
import dev.tributary.core.monitor.alert.WindowSummary;
import dev.tributary.core.monitor.drift.DriftResult;
import dev.tributary.core.monitor.latency.LatencyPercentiles;
import dev.tributary.core.monitor.quality.QualityResult;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.plan.MonitoringTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * What scoring and the monitor job recorded about one model, read back from their Iceberg tables:
 * the one place the demo's closing table ({@link DemoSummary}) and its report page get their
 * serving-side figures from.
 *
 * <p>Read today: predictions per version ({@code monitoring.predictions}), quality per version and
 * window ({@code monitoring.model_metrics}), alerts ({@code monitoring.alerts}). Not written by the
 * monitor job yet, so empty here and printed as '-': request latency, the A/B test and drift. When
 * the job writes {@code monitoring.latency}, {@code monitoring.ab_tests} and {@code
 * monitoring.drift}, {@link #read} is where they are read into {@link Version#latency()}, {@link
 * #abTest()} and {@link #drift()}; nothing else changes.
 *
 * @param versions per model version that served, in version order
 * @param abTest the latest look at the A/B test; null until the monitor job writes one
 * @param drift per feature, the latest drift against the training baseline; empty until written
 * @param hourly the hourly windows per version, for the report's charts
 * @param alerts every alert raised
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
   * @param latency request to prediction, since start; null until the monitor job writes it
   */
  record Version(
      String version, long predictions, QualityResult quality, LatencyPercentiles latency) {}

  /** Reads the results of {@code model}, whose predictions {@code scoring} logged. */
  static MonitoringResults read(Catalog catalog, String model, String scoring) {
    Map<String, Long> predictions = new TreeMap<>();
    scan(
        catalog,
        "monitoring",
        DeploymentPlan.predictions().name(),
        row -> {
          if (scoring.equals(row.getField("scoring"))) {
            predictions.merge(String.valueOf(row.getField("version_served")), 1L, Long::sum);
          }
        });
    Map<String, Record> sinceStart = new TreeMap<>();
    List<WindowSummary> hourly = new ArrayList<>();
    scan(
        catalog,
        "monitoring",
        MonitoringTables.modelMetrics().name(),
        row -> {
          if (!model.equals(row.getField("model"))) {
            return;
          }
          String version = (String) row.getField("version");
          Granularity granularity = Granularity.valueOf((String) row.getField("granularity"));
          if (granularity == Granularity.SINCE_START) {
            Record newest = sinceStart.get(version);
            if (newest == null || millis(newest, "as_of") < millis(row, "as_of")) {
              sinceStart.put(version, row.copy());
            }
          } else if (granularity == Granularity.HOUR) {
            hourly.add(
                summary(
                    model, version, new WindowKey(granularity, millis(row, "window_start")), row));
          }
        });
    List<Version> versions = new ArrayList<>();
    predictions.forEach(
        (version, count) -> {
          Record row = sinceStart.get(version);
          versions.add(new Version(version, count, row == null ? null : quality(row), null));
        });
    List<Alert> alerts = new ArrayList<>();
    scan(
        catalog,
        "monitoring",
        MonitoringTables.alerts().name(),
        row -> {
          if (model.equals(row.getField("model"))) {
            alerts.add(alert(row));
          }
        });
    hourly.sort(
        java.util.Comparator.comparing(WindowSummary::version)
            .thenComparingLong(w -> w.window().start()));
    return new MonitoringResults(versions, null, List.of(), hourly, alerts);
  }

  private static WindowSummary summary(String model, String version, WindowKey window, Record row) {
    long finished = (Long) row.getField("predictions");
    long labelled = (Long) row.getField("labelled");
    return new WindowSummary(
        model,
        version,
        window,
        quality(row),
        null,
        List.of(),
        null,
        finished,
        0,
        labelled,
        finished - labelled);
  }

  /** The row's quality; null when no prediction of its window was labelled (no AUC). */
  private static QualityResult quality(Record row) {
    if (row.getField("auc") == null) {
      return null;
    }
    return new QualityResult(
        (Long) row.getField("labelled"),
        (Long) row.getField("positives"),
        (Double) row.getField("base_rate"),
        (Double) row.getField("accuracy"),
        (Double) row.getField("auc"),
        (Double) row.getField("auc_error_bound"),
        (Double) row.getField("auc_standard_error"),
        (Double) row.getField("log_loss"),
        (Double) row.getField("brier"),
        List.of());
  }

  private static Alert alert(Record row) {
    return new Alert(
        (String) row.getField("model"),
        (String) row.getField("version"),
        new WindowKey(
            Granularity.valueOf((String) row.getField("granularity")), millis(row, "window_start")),
        (String) row.getField("rule"),
        Alert.Severity.valueOf((String) row.getField("severity")),
        (String) row.getField("subject"),
        (Double) row.getField("observed"),
        (Double) row.getField("threshold"),
        (String) row.getField("message"));
  }

  /** Every row of {@code namespace.table}; nothing when the table does not exist (yet). */
  private static void scan(Catalog catalog, String namespace, String table, Consumer<Record> each) {
    TableIdentifier id = TableIdentifier.of(namespace, table);
    if (!catalog.tableExists(id)) {
      return;
    }
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(catalog.loadTable(id)).where(Expressions.alwaysTrue()).build()) {
      rows.forEach(each);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long millis(Record row, String column) {
    return ((OffsetDateTime) row.getField(column)).toInstant().toEpochMilli();
  }
}
