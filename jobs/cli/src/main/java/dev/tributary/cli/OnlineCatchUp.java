package dev.tributary.cli;

import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.flink.online.OnlineLookup;
import dev.tributary.flink.online.OnlineStoreReader;
import dev.tributary.flink.online.RedisOptions;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Waits until Redis holds what the flights of a step made of every entity they touched, so that the
 * requests scored next read values with every event before the step's end and none after it.
 *
 * <p>An entity whose newest event of the step is at {@code n} is caught up when its record's exact
 * features equal the core's as of the record's own as-of time (so no event before that as-of is
 * missing: an event sharing the millisecond of one already published, or one read from the other
 * partition after a later one, leaves the record unequal) and its as-of is after {@code n}: the job
 * moves the as-of past every event, also one that leaves the values as they were, since readers
 * judge the TTL from it ({@code OnlinePublisher}). The as-of time alone cannot tell the first: the
 * materialize job publishes an entity's values on a processing-time timer after its events ({@code
 * OnlinePublisher}), as of {@code newest event + 1 ms} before the other events of that millisecond
 * have arrived.
 *
 * <p>A wait on a condition, polled: it gives up, naming an entity still behind, once for {@link
 * #STALLED} no entity has caught up and no awaited record has changed its as-of time, and at once
 * when the materialize job has stopped. A changing record is progress: at the first pause the job
 * works through months of flights before the cut, and an entity catches up only once the job
 * reaches its newest flight, which for most entities is just before the cut.
 */
final class OnlineCatchUp implements AutoCloseable {
  /** How long the wait goes on with no entity catching up or changing before it gives up. */
  static final Duration STALLED = Duration.ofMinutes(5);

  private static final long POLL_MILLIS = 20;

  /**
   * Between polls, longer the more records are awaited: reading and comparing every awaited record
   * costs the CPU the materialize job needs to catch up (thousands of records at the first pause).
   */
  private static long pollMillis(int pending) {
    return Math.min(500, POLL_MILLIS + pending / 20);
  }

  private final ExpectedFeatures expected;
  private final OnlineStoreReader reader;
  private final RunningJob materialize;

  OnlineCatchUp(ExpectedFeatures expected, RedisOptions redis, RunningJob materialize)
      throws IOException, InterruptedException {
    this.expected = expected;
    this.reader = OnlineStoreReader.open(redis);
    this.materialize = materialize;
  }

  /** One entity of one online view, and its newest event time of the step. */
  private record Awaited(ViewProgram program, String key, long newest) {
    OnlineLookup lookup(ExpectedFeatures expected) {
      return new OnlineLookup(program.view(), expected.keyValues(program, key));
    }
  }

  /**
   * Waits until every entity with an event since the last wait is caught up in Redis with the
   * events before {@code to} (every one of them published and {@link ExpectedFeatures#accept
   * accepted}); returns how many records that was.
   */
  int await(long to) throws IOException, InterruptedException {
    expected.advanceTo(to);
    List<Awaited> pending = touched();
    int awaited = pending.size();
    long lastProgress = System.nanoTime();
    long lastAsOfs = 0;
    while (!pending.isEmpty()) {
      List<Optional<OnlineRecord>> stored =
          reader.read(pending.stream().map(a -> a.lookup(expected)).toList());
      List<Awaited> behind = new ArrayList<>();
      for (int i = 0; i < pending.size(); i++) {
        if (stored.get(i).isEmpty() || !caughtUp(pending.get(i), stored.get(i).get())) {
          behind.add(pending.get(i));
        }
      }
      long asOfs = stored.stream().flatMap(Optional::stream).mapToLong(OnlineRecord::asOf).sum();
      if (behind.size() < pending.size() || asOfs != lastAsOfs) {
        lastProgress = System.nanoTime();
        lastAsOfs = asOfs;
      } else if (System.nanoTime() - lastProgress > STALLED.toNanos()) {
        Awaited first = behind.get(0);
        throw new IllegalStateException(
            String.format(
                "Redis did not catch up with the flights before %s for %s: %,d records of %s"
                    + " (first: %s) still differ from the core; the materialize job is behind or"
                    + " wrong (rerun with --verbose)",
                Instant.ofEpochMilli(to),
                STALLED,
                behind.size(),
                first.program().view().versionedName(),
                first.key()));
      }
      pending = behind;
      if (!pending.isEmpty()) {
        materialize.requireRunning();
        Thread.sleep(pollMillis(pending.size()));
      }
    }
    return awaited;
  }

  /**
   * Whether the stored record equals the core as of its as-of time, which is after the entity's
   * newest event; a record as of a time the reference cannot tell (older than the change points it
   * keeps) is behind.
   */
  private boolean caughtUp(Awaited entity, OnlineRecord stored) {
    ViewProgram program = entity.program();
    Optional<Object[]> atAsOf = expected.valuesAt(program, entity.key(), stored.asOf());
    if (atAsOf.isEmpty() || !ExpectedFeatures.sameExact(program, atAsOf.get(), stored::value)) {
      return false;
    }
    return stored.asOf() > entity.newest();
  }

  private List<Awaited> touched() {
    List<Awaited> touched = new ArrayList<>();
    for (ViewProgram program : expected.programs()) {
      Map<String, Long> newest = expected.takeTouched(program);
      if (program.view().online()) {
        newest.forEach((key, time) -> touched.add(new Awaited(program, key, time)));
      }
    }
    return touched;
  }

  @Override
  public void close() {
    reader.close();
  }
}
