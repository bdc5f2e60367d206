package dev.tributary.core.monitor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.monitor.ab.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    String html = ReportPage.render(report);
    assertSelfContained(html);
    Files.createDirectories(OUT);
    Path page = OUT.resolve("report.html").toAbsolutePath();
    Files.writeString(page, html);

    HeadlessChromium chromium = new HeadlessChromium(OUT.toAbsolutePath());
    HeadlessChromium.Result dom = chromium.dumpDom(page);
    assertTrue(
        dom.stdout().contains("data-errors=\"[]\""), "script errors:\n" + head(dom.stdout()));
    assertFalse(
        dom.stderr().lines().anyMatch(l -> l.contains("CONSOLE") && l.contains("rror")),
        "console errors:\n" + dom.stderr());
    for (String chart : ReportPage.CHARTS) {
      String element = chartElement(dom.stdout(), chart);
      assertTrue(
          element.contains("data-rendered=\"true\""), chart + " not rendered: " + head(element));
      assertTrue(element.contains("<svg"), chart + " has no SVG");
      assertTrue(count(element, "<path") > 5, chart + " drew almost nothing");
    }
    chromium.screenshot(page, OUT.resolve("report.png").toAbsolutePath());
    assertTrue(Files.size(OUT.resolve("report.png")) > 10_000, "screenshot written");
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

  /**
   * Nothing in the page's markup refers to another file or host (the inlined library's code is left
   * out of this check; the browser runs with every host unresolvable, so a fetch from it would log
   * an error).
   */
  private static void assertSelfContained(String html) {
    int library = html.indexOf("<!-- Apache ECharts");
    String markup = html.substring(0, library) + html.substring(html.indexOf("</script>", library));
    for (String forbidden : List.of(" src=", "<link", "<img", "<iframe", "@import", "url(")) {
      assertFalse(markup.contains(forbidden), "the page must fetch nothing, found " + forbidden);
    }
  }

  private static String chartElement(String dom, String id) {
    Matcher start = Pattern.compile("<div class=\"chart\" id=\"" + id + "\"[^>]*>").matcher(dom);
    assertTrue(start.find(), "no chart element " + id);
    int next = dom.indexOf("<h2>", start.start());
    return dom.substring(start.start(), next < 0 ? dom.length() : next);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  private static String head(String text) {
    return text.length() > 3000 ? text.substring(0, 3000) + "..." : text;
  }
}
