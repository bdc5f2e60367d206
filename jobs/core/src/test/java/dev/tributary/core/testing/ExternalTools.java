package dev.tributary.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for tests that run a program from PATH (openssl, chromium, initdb): present, the
 * test runs; absent, it is skipped with a reason naming the tool and how to get it, unless the tool
 * is listed in the environment variable {@code TRIBUTARY_REQUIRE_TOOLS} (comma-separated), which
 * .ci/run sets after installing them, so that in CI a missing tool fails instead of quietly
 * skipping what it tests. Shipped in tributary-core's test-jar for every module's tests.
 */
public final class ExternalTools {

  private ExternalTools() {}

  /**
   * Skips (or, when required, fails) the calling test unless {@code tool} is on PATH.
   *
   * @param install how to get the tool, e.g. {@code apt-get install openssl}
   * @param needFor what the test does with it, for the skip message
   */
  public static void assumeOnPath(String tool, String install, String needFor) {
    assumeInstalled(tool, onPath(tool), "is not on PATH", install, needFor);
  }

  /**
   * The same rule for a tool found elsewhere than on PATH (PostgreSQL's initdb under
   * /usr/lib/postgresql/N/bin): {@code found} says whether the caller found it.
   */
  public static void assumeInstalled(String tool, boolean found, String install, String needFor) {
    assumeInstalled(tool, found, "is not installed", install, needFor);
  }

  private static void assumeInstalled(
      String tool, boolean found, String absent, String install, String needFor) {
    if (found) {
      return;
    }
    String reason =
        tool + " " + absent + ", needed " + needFor + " (" + install + "; .ci/run does it)";
    if (required().contains(tool)) {
      throw new AssertionError(reason + "; TRIBUTARY_REQUIRE_TOOLS says it must be there");
    }
    Assumptions.abort("skipped: " + reason);
  }

  public static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> required() {
    return Arrays.stream(System.getenv().getOrDefault("TRIBUTARY_REQUIRE_TOOLS", "").split(","))
        .map(String::trim)
        .toList();
  }
}
