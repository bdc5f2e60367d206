package dev.tributary.embedded.junit;

import dev.tributary.embedded.LocalFlinkCluster;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A {@link LocalFlinkCluster} per test class; tests build jobs on {@link #environment()}, which
 * submits to it. Restarts are off by default, so a failing job fails its test at once.
 */
public final class FlinkClusterExtension extends ServiceExtension<LocalFlinkCluster> {

  private final int slots;
  private final Configuration overrides;

  /** A cluster with 2 slots, enough for parallelism 2 (the smallest that exercises shuffles). */
  public FlinkClusterExtension() {
    this(2, new Configuration());
  }

  /** A cluster with {@code slots} slots and configuration that wins over the defaults. */
  public FlinkClusterExtension(int slots, Configuration overrides) {
    this.slots = slots;
    this.overrides = new Configuration(overrides);
  }

  @Override
  protected LocalFlinkCluster start() {
    return LocalFlinkCluster.start(slots, overrides);
  }

  /** A new environment submitting to the cluster, parallelism = slots. */
  public StreamExecutionEnvironment environment() {
    return service().environment();
  }
}
