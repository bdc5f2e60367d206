package dev.tributary.core.monitor.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks every test of a rendered report makes: the page is self-contained, opens in headless
 * Chromium without script or console errors, every chart drew an SVG with marks; a screenshot is
 * saved beside the page for people.
 */
public final class RenderedReport {
  private RenderedReport() {}

  /** Writes {@code html} to {@code folder/report.html}, opens it and checks it. */
  public static void assertRenders(String html, Path folder) throws Exception {
    assertSelfContained(html);
    Files.createDirectories(folder);
    Path page = folder.resolve("report.html").toAbsolutePath();
    Files.writeString(page, html);
    HeadlessChromium chromium = new HeadlessChromium(folder.toAbsolutePath());
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
    Path png = folder.resolve("report.png").toAbsolutePath();
    chromium.screenshot(page, png);
    assertTrue(Files.size(png) > 10_000, "screenshot written");
  }

  /**
   * Nothing in the page's markup refers to another file or host (the inlined library's code is left
   * out of this check; the browser runs with every host unresolvable, so a fetch from it would log
   * an error).
   */
  static void assertSelfContained(String html) {
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
