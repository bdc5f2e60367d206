package dev.tributary.flink.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.keys.OnlineKeys;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.online.OnlineRecordCodec;
import dev.tributary.core.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

/** Redis dies in the middle of a stream of batches: the writer waits for it and loses nothing. */
class RedisOutageTest {
  private static final int KEYS = 5_000;
  private static final int BATCHES = 20;

  private final FeatureView origin = TestViews.example("origin_delays");
  private final OnlineRecordCodec codec = OnlineRecordCodec.of(origin);

  @Test
  void aWriterBlocksWhileRedisIsDownAndAfterwardsEverythingIsThereAndNothingMovedBack()
      throws Exception {
    try (RestartableRedis server = RestartableRedis.start()) {
      RedisOptions options =
          RedisOptions.builder(RestartableRedis.HOST, server.port())
              .set(RedisOptions.SOCKET_TIMEOUT, Duration.ofSeconds(2))
              .retries(Duration.ofMillis(20), Duration.ofMillis(300), Duration.ofMinutes(1))
              .build();
      try (OnlineStoreWriter writer = OnlineStoreWriter.open(options, List.of(origin))) {
        List<OnlineUpdate> first = batch(1_000);
        assertEquals(KEYS, writer.write(first).written());

        AtomicInteger batchesDone = new AtomicInteger();
        AtomicLong retries = new AtomicLong();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch killed = new CountDownLatch(1);
        Thread stream =
            new Thread(
                () -> {
                  try {
                    for (int b = 1; b <= BATCHES; b++) {
                      if (b == 4) {
                        killed.await(); // the outage comes mid-stream, whatever the machine's speed
                      }
                      List<OnlineUpdate> updates = batch(1_000 + b);
                      updates.add(
                          OnlineUpdate.of(
                              origin, List.of("K" + b), 500, TestViews.values(origin, -1), null));
                      WriteResult result = writer.write(updates);
                      retries.addAndGet(result.retries());
                      batchesDone.incrementAndGet();
                    }
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                },
                "online-store-stream");
        stream.start();

        Await.until("three batches written", () -> batchesDone.get() == 3 || !stream.isAlive());
        long retriesBeforeKill = writer.retries();
        server.kill();
        killed.countDown();
        Await.until(
            "the writer retries against the dead server",
            () -> writer.retries() > retriesBeforeKill || !stream.isAlive());
        int doneAtKill = batchesDone.get();
        assertTrue(stream.isAlive(), "the writer waits for Redis instead of failing: " + failures);
        assertEquals(3, doneAtKill, "no batch completes while Redis is down");
        server.restart();
        stream.join(60_000);
        assertEquals(List.of(), failures);
        assertEquals(BATCHES, batchesDone.get());
        assertTrue(retries.get() > 0, "the writer retried while Redis was down");
        System.out.println(
            "RedisOutageTest: killed after "
                + doneAtKill
                + " of "
                + BATCHES
                + " batches; "
                + retries.get()
                + " retries");
        assertNewest(server, 1_000 + BATCHES);

        WriteResult replay = writer.write(first);
        assertEquals(
            KEYS, replay.skippedAsOlder(), "a replay from an older checkpoint changes nothing");
        assertNewest(server, 1_000 + BATCHES);
      }
    }
  }

  @Test
  void aFrozenServerTimesOutTheWriterRetriesAndNothingMovesBackWhenItThaws() throws Exception {
    try (RestartableRedis server = RestartableRedis.start()) {
      RedisOptions options =
          RedisOptions.builder(RestartableRedis.HOST, server.port())
              .set(RedisOptions.SOCKET_TIMEOUT, Duration.ofMillis(500))
              .retries(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMinutes(1))
              .build();
      try (OnlineStoreWriter writer = OnlineStoreWriter.open(options, List.of(origin))) {
        writer.write(batch(1_000));
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicLong retries = new AtomicLong();
        server.freeze(true);
        long retriesBeforeFreeze = writer.retries();
        Thread stream =
            new Thread(
                () -> {
                  try {
                    for (int b = 1; b <= 3; b++) {
                      retries.addAndGet(writer.write(batch(1_000 + b)).retries());
                    }
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                },
                "online-store-stream");
        stream.start();
        Await.until(
            "a write timed out and is retried",
            () -> writer.retries() > retriesBeforeFreeze || !stream.isAlive());
        assertTrue(stream.isAlive(), "the writer waits while Redis does not answer: " + failures);
        server.freeze(false);
        stream.join(60_000);
        assertEquals(List.of(), failures);
        assertTrue(retries.get() > 0, "timeouts were retried");
        // Commands that reached the frozen server on connections the writer gave up on run when it
        // thaws,
        // after newer ones may have been written; the as-of rule makes them no-ops.
        assertNewest(server, 1_003);
      }
    }
  }

  @Test
  void aWriterGivesUpWithAClearErrorWhenRedisStaysDown() throws Exception {
    try (RestartableRedis server = RestartableRedis.start()) {
      RedisOptions options =
          RedisOptions.builder(RestartableRedis.HOST, server.port())
              .retries(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(1))
              .build();
      try (OnlineStoreWriter writer = OnlineStoreWriter.open(options, List.of(origin))) {
        server.kill();
        long start = System.nanoTime();
        OnlineStoreException e =
            assertThrows(OnlineStoreException.class, () -> writer.write(batch(1)));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        // Only the lower bound: it waited out give-up-after (a loaded machine makes it later).
        assertTrue(millis >= 1_000, "gave up after " + millis + " ms, before PT1S");
        assertTrue(
            e.getMessage()
                .startsWith(
                    "Redis at redis://127.0.0.1:"
                        + server.port()
                        + " stayed unavailable for"
                        + " PT1S"),
            e.getMessage());
        assertTrue(
            e.getMessage()
                .contains(
                    "write a batch of "
                        + KEYS
                        + " updates (first key "
                        + OnlineKeys.key(List.of("K0"))
                        + ")"),
            e.getMessage());
        assertTrue(e.getMessage().contains("raise redis.retry.give-up-after"), e.getMessage());
        server.restart();
      }
    }
  }

  /** One update per key, all as of {@code asOf}, with values derived from it. */
  private List<OnlineUpdate> batch(long asOf) {
    List<OnlineUpdate> updates = new ArrayList<>();
    for (int k = 0; k < KEYS; k++) {
      updates.add(
          OnlineUpdate.of(
              origin, List.of("K" + k), asOf, TestViews.values(origin, asOf + k), null));
    }
    return updates;
  }

  private void assertNewest(RestartableRedis server, long asOf) {
    try (RedisClient client = RedisClient.create(RestartableRedis.HOST, server.port())) {
      List<Response<byte[]>> values = new ArrayList<>();
      try (AbstractPipeline pipeline = client.pipelined()) {
        for (int k = 0; k < KEYS; k++) {
          values.add(pipeline.get(OnlineKeys.keyBytes(List.of("K" + k))));
        }
      }
      long now = System.currentTimeMillis();
      for (int k = 0; k < KEYS; k++) {
        assertEquals(
            new OnlineRecord(asOf, Arrays.asList(TestViews.values(origin, asOf + k))),
            codec.decode(values.get(k).get(), now),
            "key K" + k);
      }
    }
  }
}
