package dev.tributary.core.monitor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.monitor.ab.Verdict;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Renders a simulated day and opens it in headless Chromium: no script or console errors, every
 * chart drew an SVG with marks, and a screenshot for people in {@code target/monitor-report/}.
 */
class ReportPageTest {
  private static final Path OUT = Path.of("target", "monitor-report");

  @Test
  void pageLoadsWithoutErrorsAndEveryChartRenders() throws Exception {
    ModelReport report = SimulatedMonitoring.day(42);
    assertEquals(Verdict.CANDIDATE_WINS, report.abTest().verdict(), report.abTest().reason());
    assertTrue(
        report.alerts().stream().anyMatch(a -> a.subject().equals("late_share_7d")),
        "the drifting feature alerts: " + report.alerts());
    assertTrue(
        report.alerts().stream()
            .filter(a -> a.rule().equals("drift"))
            .allMatch(
                a ->
                    a.subject().equals("late_share_7d")
                        && a.window().start() >= SimulatedMonitoring.DAY + 16 * 3_600_000L),
        "only the drifting feature, only after it drifted: " + report.alerts());
    RenderedReport.assertRenders(ReportPage.render(report), OUT);
  }

  @Test
  void aModelWithOneVersionHasNoAbTestAndNoAlerts() {
    ModelReport day = SimulatedMonitoring.day(7);
    ModelReport single =
        new ModelReport(
            "flight_delay",
            day.generatedAt(),
            day.windows().stream().filter(w -> w.version().equals("1")).toList(),
            null,
            List.of(),
            List.of());
    String html = ReportPage.render(single);
    assertTrue(html.contains("No A/B test: one version serves."));
    assertTrue(html.contains("<h2>Alerts</h2>\n<p>None.</p>"));
    assertFalse(ReportPage.json(single).contains("\"version\":\"2\""));
  }

  @Test
  void textFromDefinitionsIsEscaped() {
    assertEquals("a&lt;/script&gt;&amp;&quot;", ReportPage.escape("a</script>&\""));
    ModelReport report = new ModelReport("m</script>", 0, List.of(), null, List.of(), List.of());
    assertFalse(ReportPage.json(report).contains("</script>"));
  }
}
