package dev.tributary.bench;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.agg.AggregateState;
import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.types.ValueType;
import dev.tributary.core.window.Event;
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

/** Events per second added to one aggregation state (one hop tile), per function and input type. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StateAddBenchmark {

  private static final int EVENTS = 10_000;

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

  @Param({"LONG", "DOUBLE"})
  public ValueType inputType;

  private AggregateSpec spec;
  private long[] times;
  private Object[] values;

  @Setup
  public void setUp() {
    spec = SyntheticHistory.feature(function, inputType);
    List<Event> events = SyntheticHistory.events(EVENTS, inputType, 1);
    times = events.stream().mapToLong(Event::eventTimeMillis).toArray();
    values = events.stream().map(e -> e.inputs()[0]).toArray();
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public Object add() {
    AggregateState state = spec.newState();
    for (int i = 0; i < EVENTS; i++) {
      state.add(times[i], values[i]);
    }
    return state.result();
  }
}
