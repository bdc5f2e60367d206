package dev.tributary.core.monitor.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.core.monitor.ab.AbResult;
import dev.tributary.core.monitor.ab.Comparison;
import dev.tributary.core.monitor.alert.Alert;
import dev.tributary.core.monitor.alert.WindowSummary;
import dev.tributary.core.monitor.drift.DriftResult;
import dev.tributary.core.monitor.quality.QualityResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Renders a {@link ModelReport} as one self-contained HTML page: the data as JSON, the chart
 * library (Apache ECharts, from its npm package as the {@code org.webjars.npm:echarts} jar) and the
 * page's own script inlined, so the page fetches nothing when opened and can be mailed or archived
 * as one file.
 *
 * <p>Charts: AUC per version over time with DeLong 95% bands, a heat map of PSI per feature over
 * time, latency percentiles, the split history and label coverage; the A/B verdict and the alerts
 * are tables. Each chart element gets {@code data-rendered="true"} once ECharts finished drawing
 * it, and script errors are collected in the root element's {@code data-errors}, so a headless
 * browser can check the page.
 */
public final class ReportPage {
  static final String[] CHARTS = {"quality", "drift", "latency", "splits", "coverage"};
  private static final String ECHARTS = "META-INF/resources/webjars/echarts/%s/dist/echarts.min.js";

  private ReportPage() {}

  public static String render(ModelReport report) {
    String version = echartsVersion();
    StringBuilder html = new StringBuilder(1_200_000);
    html.append("<!DOCTYPE html>\n<html lang=\"en\" data-errors=\"[]\">\n<head>\n")
        .append("<meta charset=\"utf-8\">\n<title>")
        .append(escape(report.model()))
        .append(" - Tributary monitoring report</title>\n<style>")
        .append(resource("dev/tributary/core/monitor/report/report.css"))
        .append("</style>\n<script>")
        .append(resource("dev/tributary/core/monitor/report/errors.js"))
        .append("</script>\n<!-- Apache ECharts ")
        .append(version)
        .append(" (Apache License 2.0), inlined from its npm package -->\n<script>")
        .append(resource(String.format(ECHARTS, version)))
        .append("</script>\n</head>\n<body>\n<h1>")
        .append(escape(report.model()))
        .append("</h1>\n<p class=\"meta\">generated ")
        .append(Instant.ofEpochMilli(report.generatedAt()))
        .append(", ")
        .append(report.windows().size())
        .append(" windows</p>\n");
    verdict(html, report.abTest());
    section(html, "quality", "AUC per version (95% DeLong band)");
    section(html, "drift", "Drift: PSI per feature and hour");
    section(html, "latency", "Request to prediction latency (ms)");
    section(html, "splits", "Traffic split history (weight %)");
    section(html, "coverage", "Label coverage");
    alerts(html, report);
    html.append("<script type=\"application/json\" id=\"report-data\">")
        .append(json(report))
        .append("</script>\n<script>")
        .append(resource("dev/tributary/core/monitor/report/report.js"))
        .append("</script>\n</body>\n</html>\n");
    return html.toString();
  }

  private static void section(StringBuilder html, String id, String title) {
    html.append("<h2>")
        .append(title)
        .append("</h2>\n<div class=\"chart\" id=\"")
        .append(id)
        .append("\"></div>\n");
  }

  private static void verdict(StringBuilder html, AbResult ab) {
    html.append("<h2>A/B test</h2>\n");
    if (ab == null) {
      html.append("<p>No A/B test: one version serves.</p>\n");
      return;
    }
    html.append("<p class=\"verdict ")
        .append(ab.verdict().name().toLowerCase())
        .append("\" id=\"verdict\">")
        .append(ab.verdict().name().replace('_', ' ').toLowerCase())
        .append(": ")
        .append(escape(ab.reason()))
        .append("</p>\n<table><tr><th>candidate ")
        .append(escape(ab.candidate()))
        .append(" - control ")
        .append(escape(ab.control()))
        .append("</th><th>difference</th><th>95% CI</th><th>p (fixed sample)</th>")
        .append("<th>p (always valid)</th></tr>\n");
    row(html, "AUC (DeLong)", ab.auc(), ab.aucAlwaysValidP());
    row(html, "log loss (Welch)", ab.logLoss(), ab.logLossAlwaysValidP());
    row(html, "accuracy (z-test)", ab.accuracy(), ab.accuracyAlwaysValidP());
    html.append("</table>\n");
  }

  private static void row(StringBuilder html, String name, Comparison c, double alwaysValid) {
    html.append(
        String.format(
            "<tr><td>%s</td><td>%+.4f</td><td>[%+.4f, %+.4f]</td><td>%.3g</td><td>%.3g</td></tr>%n",
            name, c.estimate(), c.low(), c.high(), c.pValue(), alwaysValid));
  }

  private static void alerts(StringBuilder html, ModelReport report) {
    html.append("<h2>Alerts</h2>\n");
    if (report.alerts().isEmpty()) {
      html.append("<p>None.</p>\n");
      return;
    }
    html.append("<table><tr><th>window</th><th>version</th><th>rule</th><th>severity</th>")
        .append("<th>message</th></tr>\n");
    for (Alert alert : report.alerts()) {
      html.append("<tr><td>")
          .append(Instant.ofEpochMilli(alert.window().start()))
          .append("</td><td>")
          .append(escape(alert.version()))
          .append("</td><td>")
          .append(escape(alert.rule()))
          .append("</td><td>")
          .append(alert.severity())
          .append("</td><td>")
          .append(escape(alert.message()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  /** The data the page's script draws, as JSON; NaN becomes null. */
  static String json(ModelReport report) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("model", report.model());
      json.writeNumberField("generatedAt", report.generatedAt());
      json.writeArrayFieldStart("windows");
      for (WindowSummary window : report.windows()) {
        json.writeStartObject();
        json.writeStringField("version", window.version());
        json.writeNumberField("start", window.window().start());
        QualityResult quality = window.quality();
        if (quality != null) {
          number(json, "auc", quality.auc());
          number(json, "aucLow", quality.auc() - 1.96 * quality.aucStandardError());
          number(json, "aucHigh", quality.auc() + 1.96 * quality.aucStandardError());
          number(json, "logLoss", quality.logLoss());
        }
        if (window.requestLatency() != null && window.requestLatency().count() > 0) {
          number(json, "p50", window.requestLatency().p50() / 1000.0);
          number(json, "p95", window.requestLatency().p95() / 1000.0);
          number(json, "p99", window.requestLatency().p99() / 1000.0);
        }
        number(json, "coverage", window.labelCoverage());
        json.writeObjectFieldStart("psi");
        for (DriftResult drift : window.drift()) {
          number(json, drift.feature(), drift.psi());
        }
        json.writeEndObject();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("splits");
      for (SplitChange split : report.splits()) {
        json.writeStartObject();
        json.writeNumberField("time", split.time());
        json.writeStringField("id", split.splitId());
        json.writeObjectFieldStart("weights");
        for (Map.Entry<String, Integer> weight : new TreeMap<>(split.weights()).entrySet()) {
          json.writeNumberField(weight.getKey(), weight.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    // '<' only occurs inside JSON strings, where \u003c means the same and cannot end the script
    return text.toString().replace("<", "\\u003c");
  }

  private static void number(JsonGenerator json, String name, double value) throws IOException {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      json.writeNullField(name);
    } else {
      json.writeNumberField(name, value);
    }
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  /** The version of the ECharts jar on the class path, from its Maven properties. */
  static String echartsVersion() {
    Properties properties = new Properties();
    try (InputStream in = open("META-INF/maven/org.webjars.npm/echarts/pom.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }

  private static String resource(String path) {
    try (InputStream in = open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String path) {
    InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException(
          path + " is not on the class path: the report needs org.webjars.npm:echarts");
    }
    return in;
  }
}
