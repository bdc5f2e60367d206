package dev.tributary.flink.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class RedisOptionsTest {

  @Test
  void aJobConfigurationSetsOptionsAndTheRestTakeTheirDefaults() throws Exception {
    Configuration config =
        Configuration.fromMap(
            Map.of(
                "redis.host",
                "redis.internal",
                "redis.port",
                "6380",
                "redis.password",
                "pw",
                "redis.sink.batch-size",
                "500",
                "redis.sink.flush-interval",
                "250 ms"));
    RedisOptions options = RedisOptions.fromConfiguration(config);
    assertEquals("redis://redis.internal:6380", options.address());
    assertEquals(500, options.batchSize());
    assertEquals(Duration.ofMillis(250), options.flushInterval());
    assertEquals(
        "RedisOptions[redis://redis.internal:6380, user default, password ***, pool 8, batch 500]",
        options.toString());
    RedisOptions copy = InstantiationUtil.clone(options);
    assertEquals(options.toString(), copy.toString(), "travels in the job graph");
  }

  @Test
  void everyProblemIsNamedByItsOption() {
    assertEquals(
        "Invalid Redis option redis.port: 0; see RedisOptions for what it means",
        assertThrows(IllegalArgumentException.class, () -> RedisOptions.builder("h", 0).build())
            .getMessage());
    assertEquals(
        "Invalid Redis option redis.retry.max-backoff: PT0.01S (below redis.retry.initial-backoff PT0.1S);"
            + " see RedisOptions for what it means",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    RedisOptions.builder("h", 1)
                        .retries(
                            Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofMinutes(1))
                        .build())
            .getMessage());
    assertEquals(
        "Invalid Redis option redis.tls.truststore: /no/such.p12 (not a readable file); see RedisOptions"
            + " for what it means",
        assertThrows(
                IllegalArgumentException.class,
                () -> RedisOptions.builder("h", 1).tls("/no/such.p12", null).build())
            .getMessage());
    assertEquals(
        "Invalid Redis option redis.sink.batch-size: 0; see RedisOptions for what it means",
        assertThrows(
                IllegalArgumentException.class,
                () -> RedisOptions.builder("h", 1).set(RedisOptions.BATCH_SIZE, 0).build())
            .getMessage());
  }
}
