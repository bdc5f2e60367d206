package dev.tributary.bench;

import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.types.ValueType;
import dev.tributary.core.window.ChangePoints;
import dev.tributary.core.window.Event;
import dev.tributary.core.window.StreamingChangePoints;
import dev.tributary.core.window.ViewSpec;
import java.util.List;
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
 * Events per second turned into change points for one entity: the batch form (backfill) and the
 * streaming form advancing once per event with 60 s allowed lateness (the worst case for the
 * streaming job, which advances per watermark instead).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChangePointBenchmark {

  private static final int EVENTS = 10_000;
  private static final long LATENESS_MILLIS = 60_000;

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

  private ViewSpec view;
  private List<Event> events;

  @Setup
  public void setUp() {
    view = SyntheticHistory.view(function, ValueType.LONG);
    events = SyntheticHistory.events(EVENTS, ValueType.LONG, 2);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public Object batch() {
    return new ChangePoints(view).compute(events);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long streaming() {
    StreamingChangePoints state = new StreamingChangePoints(view, LATENESS_MILLIS);
    long rows = 0;
    for (Event event : events) {
      state.accept(event);
      rows += state.advanceTo(event.eventTimeMillis()).size();
    }
    return rows;
  }
}
