package dev.tributary.flink.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.defs.Model;
import dev.tributary.core.monitor.labels.Prediction;
import dev.tributary.core.monitor.metrics.GrafanaDashboard;
import dev.tributary.core.monitor.metrics.MonitorMetric;
import dev.tributary.core.monitor.metrics.PrometheusRules;
import dev.tributary.core.monitor.serving.TrainingReference;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.PrometheusMetrics;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.KafkaTopics;
import dev.tributary.flink.iceberg.BaselineTable;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.records.DeadLetter;
import dev.tributary.flink.records.DeadLetterJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

/**
 * The monitor job's per-version gauges through Flink's Prometheus reporter, scraped from {@code
 * /metrics} while the job runs: every {@link MonitorMetric} of both versions (PSI of every input),
 * and every metric that the Grafana dashboard's panels and the Prometheus alerting rules of {@code
 * tributary plan} query is a series of that scrape, with the model's label. The scrape is saved
 * under {@code target/monitor-metrics/}.
 */
class MonitorMetricsTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();

  @RegisterExtension
  static final FlinkClusterExtension FLINK =
      new FlinkClusterExtension(2, PrometheusMetrics.onFreePort());

  private static final long SEED = Long.getLong("tributary.test.seed", 20261208L);
  private static final Model MODEL =
      FlightsSample.definitions().model("flight_delay").orElseThrow();
  private static final Pattern SERIES =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)\\} (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final Pattern METRIC_IN_QUERY = Pattern.compile("flink_[a-zA-Z0-9_]+");

  @Test
  void perVersionGaugesReachPrometheusAndEveryPanelAndRuleQueriesThem() throws Exception {
    System.out.println("seed " + SEED + " (-Dtributary.test.seed=... replays)");
    // ten hours of flights: with a one-minute out-of-orderness the watermark passes the first
    // hours' ends plus the label wait while the job runs, so every gauge gets a value
    ServingSample sample =
        new ServingSample(
            MODEL,
            new Random(SEED),
            Instant.parse("2001-03-01T02:00:00Z").toEpochMilli(),
            600,
            60_000L);
    BaselineTable.store(ICEBERG.catalog(), MODEL.name(), sample.baselines, Map.of());
    // versions with a held-out AUC and score baseline: the training_auc and score PSI gauges
    Model model =
        sample.withModelRepository(
            Files.createTempDirectory("monitor-metrics-models"), new Random(SEED + 1));
    sample.publish(KAFKA);
    // a dead letter for one request in 40 over the whole span: the error_rate gauges, and the
    // dead letters' watermark passes the hours (an empty topic would hold them for its idleness)
    KAFKA.createTopic(DeploymentPlan.DEAD_LETTER_TOPIC, 1);
    DeadLetterJson letters = new DeadLetterJson();
    List<String> deadLetters = new ArrayList<>();
    for (int i = 0; i < sample.predictions.size(); i += 40) {
      Prediction p = sample.predictions.get(i);
      DeadLetter letter =
          new DeadLetter("scoring:test", "{}", "UNAVAILABLE", p.time(), p.time())
              .forModel(MODEL.tritonModel(), p.version());
      deadLetters.add(new String(letters.serialize(letter), StandardCharsets.UTF_8));
    }
    KafkaTopics.publish(KAFKA.bootstrapServers(), DeploymentPlan.DEAD_LETTER_TOPIC, deadLetters, 1);

    StreamExecutionEnvironment env = FLINK.environment();
    env.enableCheckpointing(500);
    new MonitorJob(
            model,
            MonitorSettings.of(
                KAFKA.bootstrapServers(),
                false,
                new CatalogConfig(LocalIcebergCatalog.NAME, ICEBERG.properties())))
        .build(env);
    JobClient job = env.executeAsync("monitor");
    URI endpoint = FLINK.service().prometheusEndpoint().orElseThrow();
    Set<String> wanted = new TreeSet<>();
    for (String version : List.of("1", "2")) {
      for (MonitorMetric metric : MonitorMetric.values()) {
        if (metric.perFeature()) {
          sample.columns.forEach(f -> wanted.add(series(metric, version, f)));
          wanted.add(series(metric, version, TrainingReference.SCORE));
        } else {
          wanted.add(series(metric, version, null));
        }
      }
    }
    Map<String, List<Map<String, String>>> scrape;
    String text;
    try {
      while (true) {
        text = get(endpoint);
        scrape = parse(text);
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(found(scrape));
        if (missing.isEmpty()) {
          break;
        }
        assertFalse(job.getJobStatus().get().isGloballyTerminalState(), "job ended: " + missing);
        Thread.sleep(500);
      }
    } finally {
      job.cancel().get();
    }
    Path saved = Path.of("target", "monitor-metrics");
    Files.createDirectories(saved);
    Files.writeString(saved.resolve("scrape.txt"), text);

    for (Map<String, String> series : scrape.get(MonitorMetric.AUC.prometheusName())) {
      double auc = Double.parseDouble(series.get("value"));
      assertTrue(auc > 0.3 && auc <= 1, "AUC of an hour " + series);
    }

    String dashboard = GrafanaDashboard.of(MODEL);
    Files.writeString(saved.resolve("dashboard.json"), dashboard);
    JsonNode panels = new ObjectMapper().readTree(dashboard).path("panels");
    assertTrue(panels.size() >= 5);
    for (JsonNode panel : panels) {
      assertTrue(panel.path("targets").size() > 0, panel.path("title").asText());
      for (JsonNode target : panel.path("targets")) {
        assertQueriesScrapedMetrics(target.path("expr").asText(), scrape);
      }
    }

    String rules = PrometheusRules.of(MODEL);
    Files.writeString(saved.resolve("rules.yml"), rules);
    Map<String, Object> parsed = new Yaml().load(rules);
    List<String> alerts = new ArrayList<>();
    for (Object group : (List<?>) parsed.get("groups")) {
      for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
        alerts.add((String) ((Map<?, ?>) rule).get("alert"));
        assertQueriesScrapedMetrics((String) ((Map<?, ?>) rule).get("expr"), scrape);
      }
    }
    // models.yaml: drift (alert and warning), auc_drop, p99_latency, error_rate, label_coverage
    assertEquals(
        List.of(
            "FlightDelayDriftAlert",
            "FlightDelayDriftWarning",
            "FlightDelayAucDrop",
            "FlightDelayP99Latency",
            "FlightDelayErrorRate",
            "FlightDelayLabelCoverage"),
        alerts);
  }

  private static void assertQueriesScrapedMetrics(
      String query, Map<String, List<Map<String, String>>> scrape) {
    Matcher metric = METRIC_IN_QUERY.matcher(query);
    int metrics = 0;
    while (metric.find()) {
      metrics++;
      List<Map<String, String>> series = scrape.getOrDefault(metric.group(), List.of());
      assertTrue(
          series.stream().anyMatch(s -> MODEL.name().equals(s.get("model"))),
          metric.group() + " of '" + query + "' is not in the scrape with model=" + MODEL.name());
    }
    assertTrue(metrics > 0, "no metric in " + query);
  }

  private static String series(MonitorMetric metric, String version, String feature) {
    return metric.prometheusName() + " " + version + (feature == null ? "" : " " + feature);
  }

  /** The wanted-series ids of the scrape whose value is a number (a gauge with a value). */
  private static Set<String> found(Map<String, List<Map<String, String>>> scrape) {
    Set<String> found = new TreeSet<>();
    for (MonitorMetric metric : MonitorMetric.values()) {
      for (Map<String, String> s : scrape.getOrDefault(metric.prometheusName(), List.of())) {
        if (MODEL.name().equals(s.get("model")) && !s.get("value").equals("NaN")) {
          found.add(series(metric, s.get("version"), s.get("feature")));
        }
      }
    }
    return found;
  }

  private static Map<String, List<Map<String, String>>> parse(String text) {
    Map<String, List<Map<String, String>>> series = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = SERIES.matcher(line);
      if (line.startsWith("#") || !m.matches()) {
        continue;
      }
      Map<String, String> labels = new HashMap<>();
      Matcher label = LABEL.matcher(m.group(2));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      labels.put("value", m.group(3));
      series.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(labels);
    }
    return series;
  }

  private static String get(URI endpoint) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
