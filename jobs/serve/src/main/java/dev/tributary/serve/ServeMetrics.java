package dev.tributary.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Requests, errors and latency per route and protocol, in Prometheus's text format for {@code GET
 * /metrics}. A registry of its own (not the default one), so two servers in one JVM (tests, the
 * demo) do not share counters.
 *
 * <p>Latency buckets run from 100 µs to 5 s: a one-entity lookup is well under a millisecond, a
 * prediction a few milliseconds, and anything past a second is an outage.
 */
public final class ServeMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests =
      Counter.builder()
          .name("tributary_serve_requests_total")
          .help(
              "Requests answered, by route, protocol and outcome (ok, bad_request, unavailable, error)")
          .labelNames("route", "protocol", "outcome")
          .register(registry);
  private final Counter errors =
      Counter.builder()
          .name("tributary_serve_errors_total")
          .help("Requests that failed (any outcome but ok), by route and protocol")
          .labelNames("route", "protocol")
          .register(registry);
  private final Histogram latency =
      Histogram.builder()
          .name("tributary_serve_request_seconds")
          .help("Time from request to answer, by route and protocol")
          .labelNames("route", "protocol")
          .classicOnly()
          .classicUpperBounds(
              0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
              2.5, 5)
          .register(registry);

  /** How a request ended. */
  public enum Outcome {
    OK,
    BAD_REQUEST,
    UNAVAILABLE,
    ERROR;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public void record(String route, String protocol, Outcome outcome, long nanos) {
    requests.labelValues(route, protocol, outcome.label()).inc();
    if (outcome != Outcome.OK) {
      errors.labelValues(route, protocol).inc();
    }
    latency.labelValues(route, protocol).observe(nanos / 1e9);
  }

  /** Every metric in the Prometheus text exposition format (version 0.0.4). */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      PrometheusTextFormatWriter.create()
          .write(
              out,
              registry.scrape(),
              io.prometheus.metrics.config.EscapingScheme.UNDERSCORE_ESCAPING);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return out.toByteArray();
  }

  public static String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }
}
