package dev.tributary.core.monitor.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.core.defs.Model;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A Grafana dashboard (JSON, for import) of one model over the gauges the monitor job exports:
 * every panel queries {@link MonitorMetric}s by their Prometheus names, one series per version (and
 * per input for PSI). The data source is a dashboard variable of type Prometheus, chosen on import.
 */
public final class GrafanaDashboard {
  private static final int WIDTH = 12;
  private static final int HEIGHT = 8;

  /** One panel: its title, unit and metrics. */
  private record Panel(String title, String unit, List<MonitorMetric> metrics) {}

  private static final List<Panel> PANELS =
      List.of(
          new Panel("AUC per version (last finished hour)", "none", List.of(MonitorMetric.AUC)),
          new Panel("Log loss per version", "none", List.of(MonitorMetric.LOG_LOSS)),
          new Panel(
              "Label coverage per version", "percentunit", List.of(MonitorMetric.LABEL_COVERAGE)),
          new Panel("Drift: PSI per input and version", "none", List.of(MonitorMetric.PSI)),
          new Panel(
              "Request to prediction latency",
              "µs",
              List.of(
                  MonitorMetric.REQUEST_LATENCY_P50_US,
                  MonitorMetric.REQUEST_LATENCY_P95_US,
                  MonitorMetric.REQUEST_LATENCY_P99_US)),
          new Panel("Inference latency p99", "µs", List.of(MonitorMetric.INFERENCE_LATENCY_P99_US)),
          new Panel(
              "Error rate per version (dead letters)",
              "percentunit",
              List.of(MonitorMetric.ERROR_RATE)));

  private GrafanaDashboard() {}

  public static String of(Model model) {
    StringWriter json = new StringWriter();
    try (JsonGenerator out = new JsonFactory().createGenerator(json).useDefaultPrettyPrinter()) {
      out.writeStartObject();
      out.writeStringField("title", "Tributary: " + model.name());
      out.writeStringField("uid", "tributary-" + model.name().replaceAll("[^A-Za-z0-9_-]", "-"));
      out.writeStringField(
          "description", "monitor job gauges of model " + model.name() + " (" + model.at() + ")");
      out.writeNumberField("schemaVersion", 39);
      out.writeObjectFieldStart("time");
      out.writeStringField("from", "now-24h");
      out.writeStringField("to", "now");
      out.writeEndObject();
      out.writeObjectFieldStart("templating");
      out.writeArrayFieldStart("list");
      out.writeStartObject();
      out.writeStringField("name", "datasource");
      out.writeStringField("type", "datasource");
      out.writeStringField("query", "prometheus");
      out.writeStringField("label", "Prometheus");
      out.writeEndObject();
      out.writeEndArray();
      out.writeEndObject();
      out.writeArrayFieldStart("panels");
      for (int i = 0; i < PANELS.size(); i++) {
        panel(out, i, PANELS.get(i), model.name());
      }
      out.writeEndArray();
      out.writeEndObject();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return json.toString();
  }

  private static void panel(JsonGenerator out, int index, Panel panel, String model)
      throws IOException {
    out.writeStartObject();
    out.writeNumberField("id", index + 1);
    out.writeStringField("type", "timeseries");
    out.writeStringField("title", panel.title());
    out.writeObjectFieldStart("datasource");
    out.writeStringField("type", "prometheus");
    out.writeStringField("uid", "${datasource}");
    out.writeEndObject();
    out.writeObjectFieldStart("gridPos");
    out.writeNumberField("x", (index % 2) * WIDTH);
    out.writeNumberField("y", (index / 2) * HEIGHT);
    out.writeNumberField("w", WIDTH);
    out.writeNumberField("h", HEIGHT);
    out.writeEndObject();
    out.writeObjectFieldStart("fieldConfig");
    out.writeObjectFieldStart("defaults");
    out.writeStringField("unit", panel.unit());
    out.writeEndObject();
    out.writeArrayFieldStart("overrides");
    out.writeEndArray();
    out.writeEndObject();
    out.writeArrayFieldStart("targets");
    char refId = 'A';
    for (MonitorMetric metric : panel.metrics()) {
      out.writeStartObject();
      out.writeStringField("refId", String.valueOf(refId++));
      out.writeStringField("expr", metric.prometheusName() + "{model=\"" + model + "\"}");
      out.writeStringField(
          "legendFormat",
          (metric.perFeature() ? "{{feature}} " : "")
              + "v{{version}}"
              + (panel.metrics().size() > 1 ? " " + metric.gauge() : ""));
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeEndObject();
  }
}
