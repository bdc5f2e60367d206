package dev.tributary.flink;

import dev.tributary.embedded.junit.FlinkClusterExtension;
import java.util.function.Consumer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs a batch job, built on a fresh environment of the test's Flink cluster, to its end. */
public final class BatchRun {
  private BatchRun() {}

  public static void run(FlinkClusterExtension flink, Consumer<StreamExecutionEnvironment> build)
      throws Exception {
    StreamExecutionEnvironment env = flink.environment();
    build.accept(env);
    env.execute();
  }
}
