package dev.tributary.bench;

import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.types.ValueType;
import dev.tributary.core.window.Event;
import dev.tributary.core.window.PointInTimeEvaluator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Queries per second answered for one entity at random times (the training-set job's recompute
 * path): 10,000 events and 10,000 unsorted query times, sweep included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PointInTimeBenchmark {

  private static final int EVENTS = 10_000;
  private static final int QUERIES = 10_000;

  @Param({
    "COUNT",
    "SUM",
    "AVG",
    "MIN",
    "MAX",
    "LAST",
    "STDDEV",
    "APPROX_DISTINCT",
    "APPROX_QUANTILE",
    "LAST_N"
  })
  public Aggregation function;

  private PointInTimeEvaluator evaluator;
  private List<Event> events;
  private long[] queryTimes;

  @Setup
  public void setUp() {
    evaluator = new PointInTimeEvaluator(SyntheticHistory.view(function, ValueType.LONG));
    events = SyntheticHistory.events(EVENTS, ValueType.LONG, 3);
    long first = events.get(0).eventTimeMillis();
    long span = events.get(EVENTS - 1).eventTimeMillis() - first;
    Random random = new Random(4);
    queryTimes = new long[QUERIES];
    for (int i = 0; i < QUERIES; i++) {
      queryTimes[i] = first + (long) (random.nextDouble() * span);
    }
  }

  @Benchmark
  @OperationsPerInvocation(QUERIES)
  public Object[][] evaluate() {
    return evaluator.evaluate(events, queryTimes);
  }
}
