package dev.tributary.bench.materialize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A metric reporter that hands the Redis sink's {@code onlineFreshnessMillis} histograms to the
 * benchmark running in the same JVM as the MiniCluster, so it can read every sample rather than the
 * summary of the last 10,000 that Flink's REST API gives.
 *
 * <p>Flink finds reporter factories with {@code ServiceLoader} on the thread's context class
 * loader. {@link #whileRegistered} offers this factory there for the duration of the cluster's
 * start, so no service file has to sit on the test class path of every other test.
 */
public final class FreshnessReporter implements MetricReporter, MetricReporterFactory {
  static final String METRIC = "onlineFreshnessMillis";
  private static final String NAME = "freshness";
  private static final List<Histogram> HISTOGRAMS = new CopyOnWriteArrayList<>();
  private static final Map<String, List<Counter>> COUNTERS = new ConcurrentHashMap<>();

  /** The configuration that turns the reporter on. */
  static Configuration configuration() {
    Configuration config = new Configuration();
    config.setString(
        "metrics.reporter." + NAME + ".factory.class", FreshnessReporter.class.getName());
    return config;
  }

  /** Runs {@code start} (a cluster start) with this factory visible to Flink's ServiceLoader. */
  static <T> T whileRegistered(Supplier<T> start) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try {
      Path folder = Files.createTempDirectory("freshness-reporter");
      Path services = folder.resolve("META-INF/services/" + MetricReporterFactory.class.getName());
      Files.createDirectories(services.getParent());
      Files.writeString(services, FreshnessReporter.class.getName() + "\n");
      try (URLClassLoader loader =
          new URLClassLoader(new URL[] {folder.toUri().toURL()}, previous)) {
        thread.setContextClassLoader(loader);
        return start.get();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The freshness histograms of the sink subtasks running now. */
  static List<Histogram> histograms() {
    return HISTOGRAMS;
  }

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return new FreshnessReporter();
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    if (METRIC.equals(name) && metric instanceof Histogram histogram) {
      HISTOGRAMS.add(histogram);
    } else if (name.startsWith("online") && metric instanceof Counter counter) {
      COUNTERS.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(counter);
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    HISTOGRAMS.remove(metric);
    COUNTERS.getOrDefault(name, List.of()).remove(metric);
  }

  /** The sum over the running sink subtasks of a counter such as {@code onlineWrites}. */
  static long counter(String name) {
    return COUNTERS.getOrDefault(name, List.of()).stream().mapToLong(Counter::getCount).sum();
  }
}
