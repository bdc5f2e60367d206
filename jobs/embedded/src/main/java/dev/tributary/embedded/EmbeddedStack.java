package dev.tributary.embedded;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * All four embedded services together, as the {@code --embedded} demo runs them: Kafka, Redis, the
 * Iceberg catalog and a Flink cluster.
 *
 * <p>Its one job is lifecycle: start them in order, and if one fails to start, close the ones
 * already running before rethrowing, so a half-started demo never leaves a redis-server or a broker
 * behind; {@link #close()} stops them in reverse order and reports every failure.
 */
public final class EmbeddedStack implements AutoCloseable {

  private final EmbeddedKafka kafka;
  private final EmbeddedRedis redis;
  private final LocalIcebergCatalog iceberg;
  private final LocalFlinkCluster flink;

  private EmbeddedStack(
      EmbeddedKafka kafka,
      EmbeddedRedis redis,
      LocalIcebergCatalog iceberg,
      LocalFlinkCluster flink) {
    this.kafka = kafka;
    this.redis = redis;
    this.iceberg = iceberg;
    this.flink = flink;
  }

  /**
   * Starts everything.
   *
   * @param icebergFolder where the catalog keeps its tables across runs, or {@code null} for a
   *     temporary catalog deleted on close
   * @param flinkSlots task slots of the Flink cluster (its maximum job parallelism)
   */
  public static EmbeddedStack start(Path icebergFolder, int flinkSlots) {
    Deque<AutoCloseable> started = new ArrayDeque<>();
    try {
      EmbeddedKafka kafka = push(started, EmbeddedKafka.start());
      EmbeddedRedis redis = push(started, EmbeddedRedis.start());
      LocalIcebergCatalog iceberg =
          push(
              started,
              icebergFolder == null
                  ? LocalIcebergCatalog.temporary()
                  : LocalIcebergCatalog.open(icebergFolder));
      // Prometheus on by default: the jobs' metrics (the monitor job's per-version gauges) on a
      // free port, printed with the stack
      LocalFlinkCluster flink =
          push(started, LocalFlinkCluster.start(flinkSlots, PrometheusMetrics.onFreePort()));
      return new EmbeddedStack(kafka, redis, iceberg, flink);
    } catch (RuntimeException e) {
      closeAll(started, e);
      throw e;
    }
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public EmbeddedRedis redis() {
    return redis;
  }

  public LocalIcebergCatalog iceberg() {
    return iceberg;
  }

  public LocalFlinkCluster flink() {
    return flink;
  }

  /** Stops Flink, the catalog, Redis and Kafka, in that order, even if one of them fails. */
  @Override
  public void close() throws Exception {
    Deque<AutoCloseable> running = new ArrayDeque<>();
    running.push(kafka);
    running.push(redis);
    running.push(iceberg);
    running.push(flink);
    Exception failure = new Exception("Embedded services did not all stop cleanly");
    closeAll(running, failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }

  /** One line per service, for the demo's banner. */
  @Override
  public String toString() {
    return "Kafka    "
        + kafka.bootstrapServers()
        + "\n"
        + "Redis    "
        + redis.host()
        + ":"
        + redis.port()
        + "\n"
        + "Iceberg  catalog '"
        + iceberg.name()
        + "' at "
        + iceberg.folder()
        + "\n"
        + "Flink    "
        + flink.restAddress()
        + " ("
        + flink.slots()
        + " slots)"
        + flink.prometheusEndpoint().map(uri -> "\nMetrics  " + uri + " (Prometheus)").orElse("");
  }

  private static <T extends AutoCloseable> T push(Deque<AutoCloseable> started, T service) {
    started.push(service);
    return service;
  }

  private static void closeAll(Deque<AutoCloseable> services, Exception collector) {
    while (!services.isEmpty()) {
      try {
        services.pop().close();
      } catch (Exception e) {
        collector.addSuppressed(e);
      }
    }
  }
}
