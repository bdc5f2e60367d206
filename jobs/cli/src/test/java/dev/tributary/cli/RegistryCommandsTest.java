package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.keys.OnlineKeys;
import dev.tributary.core.online.OnlineRecordCodec;
import dev.tributary.core.testing.SmallDefinitions;
import dev.tributary.embedded.junit.RedisExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * {@code plan}, {@code apply} and {@code retire} as a user runs them: a first apply, a no-op apply,
 * a breaking change that plan flags and apply refuses, and a retired version's Redis sections
 * purged from the entities' values while its successor's stay as they were.
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
    OnlineRecordCodec oldCodec = codec(defs);

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
    OnlineRecordCodec newCodec = codec(defs);

    try (RedisClient redis = RedisClient.create(REDIS.host(), REDIS.port())) {
      // SFO and JFK hold both versions, with the old one's section first and last; LAX only the
      // old one; ORD is another application's hash
      long expires = System.currentTimeMillis() + 3_600_000;
      byte[] oldSection = oldCodec.section(0, oldCodec.encode(1, new Object[] {3L, 2.5, 0.5}));
      byte[] newSection =
          newCodec.section(expires, newCodec.encode(2, new Object[] {4L, null, 0.0}));
      redis.set(key("SFO"), concat(oldSection, newSection));
      redis.set(key("JFK"), concat(newSection, oldSection));
      redis.pexpireAt(key("JFK"), expires);
      redis.set(key("LAX"), oldSection);
      redis.hset("{ORD}", "_as_of", "1");
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
      assertEquals(
          List.of("JFK", "LAX", "SFO"), holding(redis, oldCodec), "within grace, nothing removed");

      assertEquals(0, run("retire", dataDir, "--purge", "--grace=PT0S", address), err.toString());
      assertTrue(
          out.toString()
              .contains(
                  "removed the Redis sections of airport_delays@" + oldVersion + " from 3 keys"),
          out.toString());
      assertEquals(List.of(), holding(redis, oldCodec));
      assertFalse(redis.exists(key("LAX")), "a key left without sections goes");
      for (String airport : List.of("SFO", "JFK")) {
        assertArrayEquals(newSection, redis.get(key(airport)), airport + " keeps the new section");
      }
      assertEquals(-1, redis.pttl(key("SFO")), "SFO keeps no expiry");
      long pttl = redis.pttl(key("JFK"));
      assertTrue(
          pttl > 0 && pttl <= 3_600_000, "JFK keeps its expiry (a SET would drop it): " + pttl);
      assertEquals(Map.of("_as_of", "1"), redis.hgetAll("{ORD}"), "other data is untouched");
    }
    assertEquals(1, run("retire", "airport_delays@" + oldVersion, dataDir));
    assertTrue(err.toString().contains("is already retired"), err.toString());
  }

  /** The online codec of the definitions' airport_delays as they are now. */
  private static OnlineRecordCodec codec(Path defs) {
    return OnlineRecordCodec.of(FeatureRepository.load(defs).view("airport_delays").orElseThrow());
  }

  private static byte[] key(String airport) {
    return OnlineKeys.keyBytes(List.of(airport));
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  /** The airports, sorted, whose stored value holds a section of {@code codec}'s view. */
  private static List<String> holding(RedisClient redis, OnlineRecordCodec codec) {
    List<String> airports = new ArrayList<>();
    for (String airport : List.of("JFK", "LAX", "SFO")) {
      byte[] value = redis.get(key(airport));
      if (value != null && codec.decode(value, System.currentTimeMillis()) != null) {
        airports.add(airport);
      }
    }
    return airports;
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
