package dev.tributary.flink.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.embedded.junit.FlinkClusterExtension;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job run by {@link JobCompletion} ends as with {@code env.execute()}: same result, same failure.
 */
class JobCompletionTest {
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  @Test
  void givesTheFinishedJobsResultWithItsAccumulators() throws Exception {
    JobExecutionResult result = JobCompletion.execute(job(-1), "count to 10,000");
    assertEquals(10_000L, (Long) result.getAccumulatorResult("seen"));
  }

  /** A local environment's MiniCluster ends with its job; the result is still given. */
  @Test
  void givesTheResultOfAJobWhoseClusterEndsWithIt() throws Exception {
    StreamExecutionEnvironment local = StreamExecutionEnvironment.createLocalEnvironment(1);
    numbers(local, -1);
    JobExecutionResult result = JobCompletion.execute(local, "count on a cluster of its own");
    assertEquals(10_000L, (Long) result.getAccumulatorResult("seen"));
  }

  /** The failure of a job whose cluster ends with it is the job's, not the cluster's end. */
  @Test
  void throwsTheFailureOfAJobWhoseClusterEndsWithIt() {
    for (int run = 0; run < 3; run++) {
      StreamExecutionEnvironment local = StreamExecutionEnvironment.createLocalEnvironment(1);
      numbers(local, 7_000);
      Exception failure =
          assertThrows(Exception.class, () -> JobCompletion.execute(local, "fail alone"));
      assertTrue(
          ExceptionUtils.findThrowableWithMessage(failure, "element 7000").isPresent(),
          "the task's exception is in the chain: " + ExceptionUtils.stringifyException(failure));
    }
  }

  @Test
  void throwsTheJobsFailureAsExecuteDoes() {
    Exception ours = assertThrows(Exception.class, () -> JobCompletion.execute(job(7_000), "fail"));
    Exception flinks = assertThrows(Exception.class, () -> job(7_000).execute("fail"));
    assertEquals(flinks.getClass(), ours.getClass());
    assertTrue(
        ExceptionUtils.findThrowableWithMessage(ours, "element 7000").isPresent(),
        "the task's exception is in the chain: " + ExceptionUtils.stringifyException(ours));
  }

  /** Numbers 1 .. 10,000 counted into an accumulator; the map throws at {@code failAt}. */
  private static StreamExecutionEnvironment job(long failAt) {
    StreamExecutionEnvironment env = FLINK.environment();
    numbers(env, failAt);
    return env;
  }

  private static void numbers(StreamExecutionEnvironment env, long failAt) {
    // the job needs a sink; nothing reaches this one
    env.fromSequence(1, 10_000)
        .uid("numbers")
        .map(new Counting(failAt))
        .uid("count")
        .filter(value -> false)
        .uid("drop")
        .print()
        .uid("print");
  }

  private static final class Counting extends RichMapFunction<Long, Long> {
    private final long failAt;
    private transient LongCounter seen;

    Counting(long failAt) {
      this.failAt = failAt;
    }

    @Override
    public void open(OpenContext context) {
      seen = new LongCounter();
      getRuntimeContext().addAccumulator("seen", seen);
    }

    @Override
    public Long map(Long value) {
      if (value == failAt) {
        throw new IllegalStateException("element " + value);
      }
      seen.add(1L);
      return value;
    }
  }
}
