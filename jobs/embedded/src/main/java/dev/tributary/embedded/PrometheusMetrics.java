package dev.tributary.embedded;

import java.net.URI;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;

/**
 * Flink's Prometheus reporter ({@code flink-metrics-prometheus}) in a local cluster: an HTTP
 * endpoint serving every metric of the cluster and its jobs (the monitor job's per-version gauges
 * among them) in Prometheus' text format at {@code http://localhost:PORT/metrics}.
 *
 * <p>Keys as Flink 2.x reads them: {@code metrics.reporter.<name>.factory.class} and the reporter's
 * own {@code metrics.reporter.<name>.port} (a port or a range).
 */
public final class PrometheusMetrics {
  /** The reporter's name in the configuration keys. */
  static final String REPORTER = "prom";

  static final String FACTORY_KEY = "metrics.reporter." + REPORTER + ".factory.class";
  static final String PORT_KEY = "metrics.reporter." + REPORTER + ".port";

  private PrometheusMetrics() {}

  /** The configuration of the reporter on a free port of this machine. */
  public static Configuration onFreePort() {
    Configuration config = new Configuration();
    config.setString(FACTORY_KEY, "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    config.setString(PORT_KEY, String.valueOf(FreePorts.on("localhost")));
    return config;
  }

  /** The endpoint of the reporter {@code config} sets up with one port, if it does. */
  static Optional<URI> endpoint(Configuration config) {
    String port = config.toMap().get(PORT_KEY);
    if (port == null || !port.matches("\\d+")) {
      return Optional.empty();
    }
    return Optional.of(URI.create("http://localhost:" + port + "/metrics"));
  }
}
