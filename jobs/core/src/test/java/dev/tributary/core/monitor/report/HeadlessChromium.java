package dev.tributary.core.monitor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tributary.core.testing.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode, started fresh for each call (own user-data folder, no
 * background networking, every host name unresolvable so that a page that fetches anything logs an
 * error).
 */
final class HeadlessChromium {
  private final Path binary;
  private final Path work;

  HeadlessChromium(Path work) {
    this.binary = find();
    this.work = work;
  }

  private static Path find() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    ExternalTools.assumeOnPath(
        "chromium", "apt-get install -y chromium", "to open the monitoring report in a browser");
    throw new IllegalStateException("unreachable: assumeOnPath skips or fails the test");
  }

  /** The DOM after the page's scripts ran, and what the browser logged. */
  Result dumpDom(Path page) throws IOException, InterruptedException {
    return run("dom", List.of("--dump-dom", page.toUri().toString()));
  }

  void screenshot(Path page, Path png) throws IOException, InterruptedException {
    run(
        "screenshot",
        List.of("--screenshot=" + png, "--window-size=1280,2600", page.toUri().toString()));
  }

  record Result(String stdout, String stderr) {}

  private Result run(String name, List<String> arguments) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(work, "chromium-profile-");
    Path out = work.resolve(name + ".out");
    Path err = work.resolve(name + ".err");
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--enable-logging=stderr",
                "--v=0",
                "--virtual-time-budget=10000"));
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail("chromium did not finish " + name + " in 3 minutes: " + Files.readString(err));
    }
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), "chromium " + name + " failed:\n" + stderr);
    return new Result(Files.readString(out, StandardCharsets.UTF_8), stderr);
  }
}
