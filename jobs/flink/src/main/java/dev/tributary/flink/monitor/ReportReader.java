package dev.tributary.flink.monitor;

import dev.tributary.core.monitor.Granularity;
import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.ab.AbResult;
import dev.tributary.core.monitor.ab.Comparison;
import dev.tributary.core.monitor.ab.Verdict;
import dev.tributary.core.monitor.alert.Alert;
import dev.tributary.core.monitor.alert.WindowSummary;
import dev.tributary.core.monitor.drift.DriftLevel;
import dev.tributary.core.monitor.drift.DriftResult;
import dev.tributary.core.monitor.latency.LatencyPercentiles;
import dev.tributary.core.monitor.quality.QualityResult;
import dev.tributary.core.monitor.report.ModelReport;
import dev.tributary.core.monitor.report.SplitChange;
import dev.tributary.core.plan.MonitoringTables;
import dev.tributary.core.plan.PlannedTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Reads what the monitor job wrote about one model back into a {@link ModelReport}: its hourly
 * windows per version (quality from {@code monitoring.model_metrics}, drift from {@code
 * monitoring.drift}, latency from {@code monitoring.latency}) with a start in {@code [from, to)},
 * the latest look of its A/B test ({@code monitoring.ab_tests}) as it stood at {@code to} (looks
 * come after the label wait), and the alerts of its hours and days in that range.
 */
public final class ReportReader {
  private final Catalog catalog;
  private final String model;
  private final long from;
  private final long to;
  private final Map<String, List<Record>> read = new HashMap<>();

  public ReportReader(Catalog catalog, String model, long from, long to) {
    this.catalog = catalog;
    this.model = model;
    this.from = from;
    this.to = to;
  }

  /**
   * @throws IllegalArgumentException when the job has not written the model's metrics yet
   */
  public ModelReport read(List<SplitChange> splits, long generatedAt) {
    Map<String, Window> windows = new TreeMap<>();
    for (Record row : hourly(MonitoringTables.modelMetrics())) {
      windows.computeIfAbsent(key(row), k -> new Window(row)).quality = row;
    }
    if (windows.isEmpty()) {
      throw new IllegalArgumentException(
          "monitoring.model_metrics has no hour of model '"
              + model
              + "' in the range: run `tributary monitor --model "
              + model
              + "` (it writes an hour once its labels are in), or widen --from/--to");
    }
    for (Record row : hourly(MonitoringTables.drift())) {
      windows.computeIfAbsent(key(row), k -> new Window(row)).drift.add(drift(row));
    }
    for (Record row : hourly(MonitoringTables.latency())) {
      windows.computeIfAbsent(key(row), k -> new Window(row)).latency = row;
    }
    List<WindowSummary> summaries =
        windows.values().stream()
            .map(Window::summary)
            .sorted(
                Comparator.comparingLong((WindowSummary w) -> w.window().start())
                    .thenComparing(WindowSummary::version))
            .toList();
    AbResult ab =
        rows(MonitoringTables.abTests()).stream()
            .filter(r -> millis(r, "as_of") <= to)
            .max(Comparator.comparingLong(r -> millis(r, "as_of")))
            .map(ReportReader::abResult)
            .orElse(null);
    List<Alert> alerts =
        rows(MonitoringTables.alerts()).stream()
            .filter(r -> !isSinceStart(r) && inRange(millis(r, "window_start")))
            .map(ReportReader::alert)
            .sorted(Comparator.comparingLong((Alert a) -> a.window().start()))
            .toList();
    return new ModelReport(model, generatedAt, summaries, ab, splits, alerts);
  }

  /** The rows one window of one version gathers from the three tables. */
  private final class Window {
    private final String version;
    private final long start;
    private Record quality;
    private Record latency;
    private final List<DriftResult> drift = new ArrayList<>();

    Window(Record row) {
      this.version = (String) row.getField("version");
      this.start = millis(row, "window_start");
    }

    WindowSummary summary() {
      long predictions = quality == null ? 0 : (Long) quality.getField("predictions");
      long labelled = quality == null ? 0 : (Long) quality.getField("labelled");
      QualityResult result = labelled == 0 ? null : quality(quality);
      LatencyPercentiles request = latency == null ? null : latency(latency);
      return new WindowSummary(
          model,
          version,
          new WindowKey(Granularity.HOUR, start),
          result,
          null,
          drift,
          request,
          request == null ? predictions : request.count(),
          0,
          labelled,
          predictions - labelled);
    }
  }

  private List<Record> hourly(PlannedTable table) {
    return rows(table).stream()
        .filter(r -> Granularity.HOUR.name().equals(r.getField("granularity")))
        .filter(r -> inRange(millis(r, "window_start")))
        .toList();
  }

  /**
   * The model's rows of {@code table}, read once per reader: a report asks for the hours and the
   * since-start figures of the same tables.
   */
  private List<Record> rows(PlannedTable table) {
    return read.computeIfAbsent(table.namespace() + "." + table.name(), name -> load(table));
  }

  private List<Record> load(PlannedTable table) {
    TableIdentifier id = TableIdentifier.of(table.namespace(), table.name());
    if (!catalog.tableExists(id)) {
      return List.of();
    }
    Table loaded = catalog.loadTable(id);
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> read = IcebergGenerics.read(loaded).build()) {
      for (Record row : read) {
        if (model.equals(row.getField("model"))) {
          rows.add(row);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + id + ": " + e.getMessage(), e);
    }
    return rows;
  }

  private boolean inRange(long start) {
    return start >= from && start < to;
  }

  /**
   * The figures of the whole run so far, per version: the newest since-start row of each version
   * (quality, request latency) and of each version and feature (drift), and the latest A/B look.
   * What a summary of a finished run prints, where {@link #read} gives the hours for charts.
   */
  public SinceStart sinceStart() {
    Map<String, QualityResult> quality = new TreeMap<>();
    newestSinceStart(MonitoringTables.modelMetrics(), r -> (String) r.getField("version"))
        .forEach(
            (version, row) -> {
              if ((Long) row.getField("labelled") > 0) {
                quality.put(version, quality(row));
              }
            });
    Map<String, LatencyPercentiles> latency = new TreeMap<>();
    newestSinceStart(MonitoringTables.latency(), r -> (String) r.getField("version"))
        .forEach((version, row) -> latency.put(version, latency(row)));
    Map<String, List<DriftResult>> drift = new TreeMap<>();
    newestSinceStart(
            MonitoringTables.drift(), r -> r.getField("version") + " " + r.getField("feature"))
        .values()
        .forEach(
            row ->
                drift
                    .computeIfAbsent((String) row.getField("version"), v -> new ArrayList<>())
                    .add(drift(row)));
    AbResult ab =
        rows(MonitoringTables.abTests()).stream()
            .max(Comparator.comparingLong(r -> millis(r, "as_of")))
            .map(ReportReader::abResult)
            .orElse(null);
    return new SinceStart(quality, latency, drift, ab);
  }

  /**
   * Since-start figures per version.
   *
   * @param quality per version with at least one labelled prediction
   * @param requestLatency request to prediction latency per version
   * @param drift per version, one result per input feature
   * @param abTest the latest look at the A/B test; null before the first
   */
  public record SinceStart(
      Map<String, QualityResult> quality,
      Map<String, LatencyPercentiles> requestLatency,
      Map<String, List<DriftResult>> drift,
      AbResult abTest) {}

  private Map<String, Record> newestSinceStart(PlannedTable table, Function<Record, String> key) {
    Map<String, Record> newest = new TreeMap<>();
    for (Record row : rows(table)) {
      if (isSinceStart(row)) {
        newest.merge(
            key.apply(row), row, (a, b) -> millis(a, "as_of") >= millis(b, "as_of") ? a : b);
      }
    }
    return newest;
  }

  private static QualityResult quality(Record row) {
    return new QualityResult(
        (Long) row.getField("labelled"),
        (Long) row.getField("positives"),
        number(row, "base_rate"),
        number(row, "accuracy"),
        number(row, "auc"),
        number(row, "auc_error_bound"),
        number(row, "auc_standard_error"),
        number(row, "log_loss"),
        number(row, "brier"),
        List.of());
  }

  private static LatencyPercentiles latency(Record row) {
    return new LatencyPercentiles(
        (Long) row.getField("requests"),
        (Long) row.getField("request_p50_us"),
        (Long) row.getField("request_p95_us"),
        (Long) row.getField("request_p99_us"),
        (Long) row.getField("request_max_us"));
  }

  private static boolean isSinceStart(Record row) {
    return Granularity.SINCE_START.name().equals(row.getField("granularity"));
  }

  private static String key(Record row) {
    return row.getField("version") + " " + millis(row, "window_start");
  }

  private static DriftResult drift(Record row) {
    return new DriftResult(
        (String) row.getField("feature"),
        (Long) row.getField("count"),
        number(row, "psi"),
        number(row, "js_distance"),
        number(row, "ks"),
        number(row, "ks_error_bound"),
        number(row, "baseline_null_rate"),
        number(row, "live_null_rate"),
        DriftLevel.valueOf((String) row.getField("level")));
  }

  private static AbResult abResult(Record row) {
    return new AbResult(
        (String) row.getField("control"),
        (String) row.getField("candidate"),
        (Long) row.getField("control_count"),
        (Long) row.getField("candidate_count"),
        comparison(row, "auc"),
        comparison(row, "log_loss"),
        comparison(row, "accuracy"),
        number(row, "auc_always_valid_p"),
        number(row, "log_loss_always_valid_p"),
        number(row, "accuracy_always_valid_p"),
        Verdict.valueOf((String) row.getField("verdict")),
        (String) row.getField("reason"));
  }

  private static Comparison comparison(Record row, String metric) {
    double estimate = number(row, metric + "_diff");
    double se = number(row, metric + "_se");
    return new Comparison(
        estimate,
        se,
        estimate / se,
        number(row, metric + "_p"),
        number(row, metric + "_low"),
        number(row, metric + "_high"));
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
        number(row, "observed"),
        number(row, "threshold"),
        (String) row.getField("message"));
  }

  private static double number(Record row, String column) {
    Object value = row.getField(column);
    return value == null ? Double.NaN : (Double) value;
  }

  private static long millis(Record row, String column) {
    return ((OffsetDateTime) row.getField(column)).toInstant().toEpochMilli();
  }
}
