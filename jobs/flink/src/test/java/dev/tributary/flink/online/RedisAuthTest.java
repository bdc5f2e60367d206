package dev.tributary.flink.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.embedded.junit.RedisExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisAuthTest {
  @RegisterExtension static final RedisExtension REDIS = new RedisExtension("s3cret-pa55");

  private final FeatureView origin = TestViews.example("origin_delays");

  @Test
  void theRightPasswordWritesAndReads() throws Exception {
    RedisOptions options =
        RedisOptions.builder(REDIS.host(), REDIS.port()).auth(null, "s3cret-pa55").build();
    try (OnlineStoreWriter writer = OnlineStoreWriter.open(options, List.of(origin));
        OnlineStoreReader reader = OnlineStoreReader.open(options)) {
      writer.write(
          List.of(OnlineUpdate.of(origin, List.of("SFO"), 5, TestViews.values(origin, 5), null)));
      assertEquals(5, reader.read(OnlineLookup.of(origin, "SFO")).orElseThrow().asOf());
    }
  }

  @Test
  void aWrongPasswordFailsAtOnceAndSaysWhatToCheck() {
    RedisOptions options =
        RedisOptions.builder(REDIS.host(), REDIS.port())
            .auth(null, "wrong")
            .retries(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofMinutes(5))
            .build();
    long start = System.nanoTime();
    OnlineStoreException e =
        assertThrows(
            OnlineStoreException.class, () -> OnlineStoreWriter.open(options, List.of(origin)));
    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10,
        "a wrong password is not retried");
    assertTrue(
        e.getMessage()
            .startsWith(
                "Redis at redis://"
                    + REDIS.host()
                    + ":"
                    + REDIS.port()
                    + " refused the credentials of user 'default' (a password was sent)"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("Check the options redis.user and redis.password"), e.getMessage());
    assertTrue(
        !e.getMessage().contains("wrong"),
        "the message never shows the password: " + e.getMessage());
  }

  @Test
  void noPasswordFailsClearlyToo() {
    RedisOptions options = RedisOptions.builder(REDIS.host(), REDIS.port()).build();
    OnlineStoreException e =
        assertThrows(OnlineStoreException.class, () -> OnlineStoreReader.open(options));
    assertTrue(
        e.getMessage().contains("refused the credentials of user 'default' (no password was sent)"),
        e.getMessage());
  }

  @Test
  void optionsNeverPrintThePassword() {
    RedisOptions options =
        RedisOptions.builder(REDIS.host(), REDIS.port()).auth("app", "s3cret-pa55").build();
    assertEquals(
        "RedisOptions[redis://"
            + REDIS.host()
            + ":"
            + REDIS.port()
            + ", user app, password ***, pool 8, batch 1000]",
        options.toString());
  }
}
