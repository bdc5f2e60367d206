package dev.tributary.embedded;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink MiniCluster (one JobManager, one TaskManager with N slots) inside this JVM, with its REST
 * endpoint on a random free port of localhost.
 *
 * <p>Jobs reach it through {@link #environment()}, which submits over REST exactly as a client of a
 * remote cluster does: the code path the product uses in production is the one tests run. The REST
 * address also serves the web UI when {@code flink-runtime-web} is on the classpath.
 *
 * <p>Defaults chosen so broken jobs fail fast instead of at the first savepoint or never:
 *
 * <ul>
 *   <li>{@code restart-strategy.type: none}: with checkpointing on, Flink otherwise restarts a
 *       failing job forever and the test hangs instead of failing;
 *   <li>{@code pipeline.auto-generate-uids: false}: an operator without {@code .uid(..)} is
 *       rejected at submission (state would not survive a topology change);
 *   <li>{@code pipeline.generic-types: false}: a type that falls back to Kryo is rejected.
 * </ul>
 *
 * Any of them can be overridden by the configuration passed to {@link #start(int, Configuration)}.
 */
public final class LocalFlinkCluster implements AutoCloseable {

  private final MiniCluster miniCluster;
  private final Configuration jobDefaults;
  private final URI restAddress;
  private final int slots;
  private final Optional<URI> prometheus;

  private LocalFlinkCluster(
      MiniCluster miniCluster,
      Configuration jobDefaults,
      URI restAddress,
      int slots,
      Optional<URI> prometheus) {
    this.miniCluster = miniCluster;
    this.jobDefaults = jobDefaults;
    this.restAddress = restAddress;
    this.slots = slots;
    this.prometheus = prometheus;
  }

  /** Starts a cluster with {@code slots} task slots and the defaults above. */
  public static LocalFlinkCluster start(int slots) {
    return start(slots, new Configuration());
  }

  /** Starts a cluster with {@code slots} task slots; {@code overrides} win over the defaults. */
  public static LocalFlinkCluster start(int slots, Configuration overrides) {
    if (slots < 1) {
      throw new IllegalArgumentException(
          "A Flink cluster needs at least 1 task slot, got " + slots);
    }
    Configuration jobDefaults = new Configuration();
    jobDefaults.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    jobDefaults.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
    jobDefaults.set(PipelineOptions.GENERIC_TYPES, false);
    jobDefaults.addAll(overrides);

    Configuration clusterConfig = new Configuration(jobDefaults);
    clusterConfig.set(RestOptions.ADDRESS, "localhost");
    clusterConfig.set(RestOptions.BIND_ADDRESS, "localhost");
    clusterConfig.set(RestOptions.BIND_PORT, "0");
    if (!overrides.contains(NettyShuffleEnvironmentOptions.SHUFFLE_COMPRESSION_CODEC)) {
      // one TaskManager: batch shuffles never leave the process, so compressing them (LZ4 by
      // default) only costs CPU; the training-set job's lookups spent a tenth of their time in it
      clusterConfig.set(
          NettyShuffleEnvironmentOptions.SHUFFLE_COMPRESSION_CODEC,
          NettyShuffleEnvironmentOptions.CompressionCodec.NONE);
    }

    MiniCluster miniCluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(clusterConfig)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .withRandomPorts()
                .build());
    try {
      miniCluster.start();
      URI rest = miniCluster.getRestAddress().get(60, TimeUnit.SECONDS);
      return new LocalFlinkCluster(
          miniCluster, jobDefaults, rest, slots, PrometheusMetrics.endpoint(clusterConfig));
    } catch (Exception e) {
      try {
        miniCluster.close();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("Cannot start the Flink MiniCluster: " + e.getMessage(), e);
    }
  }

  /**
   * A new environment that submits its jobs to this cluster over REST, with this cluster's job
   * defaults. Parallelism defaults to the number of slots.
   */
  public StreamExecutionEnvironment environment() {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment(
            restAddress.getHost(), restAddress.getPort(), new Configuration(jobDefaults));
    env.setParallelism(slots);
    return env;
  }

  /** {@code http://localhost:port} of the REST API (and web UI). */
  public URI restAddress() {
    return restAddress;
  }

  /**
   * {@code http://localhost:port/metrics} of the Prometheus reporter, when the cluster was started
   * with one ({@link PrometheusMetrics#onFreePort()}).
   */
  public Optional<URI> prometheusEndpoint() {
    return prometheus;
  }

  public int slots() {
    return slots;
  }

  /** A copy of the configuration every job from {@link #environment()} starts with. */
  public Configuration jobDefaults() {
    return new Configuration(jobDefaults);
  }

  /**
   * Takes a checkpoint of a running job now and waits until it completes, retrying while the job is
   * not ready for one (just submitted or restarting). Tests use it to place a checkpoint at the
   * point a scenario needs, instead of hoping the interval puts one there on a loaded machine.
   *
   * @return the checkpoint's external path
   */
  public String checkpoint(JobID job, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        return miniCluster.triggerCheckpoint(job).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("No checkpoint of job " + job + " within " + timeout, last);
  }

  /** Cancels running jobs and stops the cluster. */
  @Override
  public void close() throws Exception {
    try {
      miniCluster.closeAsync().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "The Flink MiniCluster did not shut down cleanly", e.getCause());
    }
  }

  @Override
  public String toString() {
    return "LocalFlinkCluster["
        + restAddress
        + ", "
        + slots
        + " slots"
        + prometheus.map(uri -> ", Prometheus metrics at " + uri).orElse("")
        + "]";
  }
}
