package dev.tributary.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.embedded.junit.RedisExtension;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** The redis-server child process serves real clients, honours its password and dies on close. */
class RedisHarnessTest {

  @RegisterExtension static final RedisExtension REDIS = new RedisExtension("s3cret");

  @Test
  void hashWrittenIsReadBack() {
    try (Jedis jedis = new Jedis(REDIS.host(), REDIS.port())) {
      jedis.auth("s3cret");
      jedis.hset(
          "fv:origin_delay:v1:ATL", Map.of("mean_delay_1h", "12.5", "as_of", "978307260001"));
      assertEquals("12.5", jedis.hget("fv:origin_delay:v1:ATL", "mean_delay_1h"));
      assertEquals(
          Map.of("mean_delay_1h", "12.5", "as_of", "978307260001"),
          jedis.hgetAll("fv:origin_delay:v1:ATL"));
    }
  }

  @Test
  void clientsWithoutThePasswordAreRefused() {
    try (Jedis jedis = new Jedis(REDIS.host(), REDIS.port())) {
      assertThrows(JedisDataException.class, () -> jedis.hget("any", "field"));
    }
  }

  @Test
  void closeStopsTheServerAndFreesItsPort() throws Exception {
    EmbeddedRedis redis = EmbeddedRedis.start();
    int port = redis.port();
    assertTrue(accepts(port));
    redis.close();
    assertFalse(accepts(port));
  }

  @Test
  void aServerShutDownSavingComesBackOnItsPortWithItsData() throws Exception {
    try (EmbeddedRedis redis = EmbeddedRedis.start("s3cret")) {
      try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
        jedis.auth("s3cret");
        jedis.set("kept", "1");
      }
      redis.shutDownSaving();
      assertFalse(accepts(redis.port()), "refused while stopped");
      redis.startAgain();
      try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
        jedis.auth("s3cret");
        assertEquals("1", jedis.get("kept"));
      }
    }
  }

  @Test
  void missingBinaryNamesTheInstallCommand() {
    String previous = System.getProperty(RedisServerBinary.PROPERTY);
    System.setProperty(RedisServerBinary.PROPERTY, "/nonexistent/redis-server");
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, EmbeddedRedis::start);
      assertTrue(e.getMessage().contains("/nonexistent/redis-server"), e.getMessage());
    } finally {
      if (previous == null) {
        System.clearProperty(RedisServerBinary.PROPERTY);
      } else {
        System.setProperty(RedisServerBinary.PROPERTY, previous);
      }
    }
  }

  @Test
  void withoutRedisOnPathTheBundledBinaryServes() {
    System.setProperty(RedisServerBinary.IGNORE_PATH_PROPERTY, "true");
    try {
      String binary = RedisServerBinary.locate().toString();
      assertTrue(binary.contains("tributary-redis-"), binary);
      try (EmbeddedRedis redis = EmbeddedRedis.start();
          Jedis jedis = new Jedis(redis.host(), redis.port())) {
        jedis.hset("fv:dest_delays:v1:SFO", Map.of("as_of", "1"));
        assertEquals("1", jedis.hget("fv:dest_delays:v1:SFO", "as_of"));
      }
    } finally {
      System.clearProperty(RedisServerBinary.IGNORE_PATH_PROPERTY);
    }
  }

  @Test
  void everySupportedPlatformHasABundledBinaryAndOthersGetAnInstallHint() {
    assertEquals(
        "redis-server-6.2.6-v5-linux-amd64", RedisServerBinary.bundledResource("Linux", "amd64"));
    assertEquals(
        "redis-server-6.2.7-linux-arm64", RedisServerBinary.bundledResource("Linux", "aarch64"));
    assertEquals(
        "redis-server-6.2.6-v5-darwin-arm64",
        RedisServerBinary.bundledResource("Mac OS X", "aarch64"));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> RedisServerBinary.bundledResource("Windows 11", "amd64"));
    assertTrue(e.getMessage().contains("install redis-server"), e.getMessage());
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
