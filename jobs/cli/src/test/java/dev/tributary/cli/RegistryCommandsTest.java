package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.testing.SmallDefinitions;
import dev.tributary.embedded.junit.RedisExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * {@code plan}, {@code apply} and {@code retire} as a user runs them: a first apply, a no-op apply,
 * a breaking change that plan flags and apply refuses, and a retired version's Redis keys purged
 * while its successor's stay.
 */
class RegistryCommandsTest {
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  @TempDir Path defs;
  @TempDir Path data;

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return Tributary.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void planApplyRetire() throws Exception {
    SmallDefinitions.write(defs);
    String dataDir = "--data-dir=" + data;

    assertEquals(0, run("plan", defs.toString(), dataDir), err.toString());
    assertTrue(out.toString().contains("Changes (no catalog in " + data), out.toString());
    assertTrue(out.toString().contains("  + view airport_delays@"), out.toString());

    assertEquals(0, run("apply", defs.toString(), dataDir, "--by", "ana"), err.toString());
    assertTrue(out.toString().contains("applied as apply 1 by ana"), out.toString());
    assertEquals(0, run("apply", defs.toString(), dataDir), err.toString());
    assertTrue(
        out.toString().contains("nothing to apply: the registry already holds these definitions"),
        out.toString());
    assertEquals(0, run("plan", defs.toString(), dataDir), err.toString());
    assertTrue(out.toString().contains("Changes against the registry (apply 1 by ana"));
    assertTrue(out.toString().contains("0 changes, 0 breaking"), out.toString());
    String oldVersion = version(out.toString());

    Path views = defs.resolve("views.yaml");
    Files.writeString(
        views,
        Files.readString(views).replace("input: delay, window: 1h}", "input: delay, window: 2h}"));
    int line = lineOf(views, "window: 2h");
    assertEquals(RegistryChanges.BREAKING, run("plan", defs.toString(), dataDir));
    assertTrue(
        out.toString().contains("BREAKING, caused at " + views + ":" + line + ":"), out.toString());
    assertEquals(RegistryChanges.BREAKING, run("apply", defs.toString(), dataDir));
    assertTrue(err.toString().contains("nothing applied: a change breaks"), err.toString());
    assertEquals(0, run("apply", defs.toString(), dataDir, "--allow-breaking"), err.toString());
    assertTrue(out.toString().contains("applied as apply 2"), out.toString());
    String newVersion = version(out.toString().substring(out.toString().indexOf("-> ")));

    try (RedisClient redis = RedisClient.create(REDIS.host(), REDIS.port())) {
      for (String version : List.of(oldVersion, newVersion)) {
        for (String airport : List.of("SFO", "JFK")) {
          redis.hset("airport_delays__" + version + ":{" + airport + "}", "_as_of", "1");
        }
      }
      redis.hset("other__" + oldVersion + ":{SFO}", "_as_of", "1");
      String address = "--redis=" + REDIS.host() + ":" + REDIS.port();

      assertEquals(
          0,
          run(
              "retire",
              "airport_delays@" + oldVersion,
              dataDir,
              "--purge",
              "--grace=PT1H",
              address),
          err.toString());
      assertTrue(out.toString().startsWith("retired airport_delays@" + oldVersion + " (apply 3)"));
      assertEquals(2, redis.keys("airport_delays__" + oldVersion + ":*").size(), "within grace");

      assertEquals(0, run("retire", dataDir, "--purge", "--grace=PT0S", address), err.toString());
      assertTrue(
          out.toString().contains("removed 2 Redis keys of airport_delays@" + oldVersion),
          out.toString());
      assertEquals(0, redis.keys("airport_delays__" + oldVersion + ":*").size());
      assertEquals(2, redis.keys("airport_delays__" + newVersion + ":*").size());
      assertEquals(1, redis.keys("other__*").size());
    }
    assertEquals(1, run("retire", "airport_delays@" + oldVersion, dataDir));
    assertTrue(err.toString().contains("is already retired"), err.toString());
  }

  /** The first view version a plan or apply printed. */
  private static String version(String printed) {
    Matcher matcher = Pattern.compile("airport_delays__([0-9a-f]{8})").matcher(printed);
    assertTrue(matcher.find(), printed);
    return matcher.group(1);
  }

  private static int lineOf(Path file, String text) throws Exception {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text);
  }
}
