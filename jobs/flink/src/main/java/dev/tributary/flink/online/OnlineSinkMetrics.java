package dev.tributary.flink.online;

import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The sink's metrics, in the operator's metric group:
 *
 * <ul>
 *   <li>{@code onlineWrites}: updates that replaced the stored values;
 *   <li>{@code onlineSkippedAsOlder}: updates ignored because Redis already held values as of the
 *       same or a later time (replays after a restart show up here);
 *   <li>{@code onlineRetries}: failed attempts that were retried (Redis unreachable or busy);
 *   <li>{@code onlineFreshnessMillis}: histogram of event time to the moment Redis acknowledged the
 *       write, for written updates that carry their event time (the last 10,000).
 * </ul>
 *
 * Flink's standard {@code numRecordsSend} counts every update sent.
 */
final class OnlineSinkMetrics {
  private static final int FRESHNESS_WINDOW = 10_000;

  private final Counter writes;
  private final Counter skipped;
  private final Counter retries;
  private final Counter sent;
  private final Histogram freshness;

  OnlineSinkMetrics(SinkWriterMetricGroup group) {
    this(group, group.getNumRecordsSendCounter());
  }

  /**
   * @param sent the counter of updates sent, Flink's {@code numRecordsSend} in a job
   */
  OnlineSinkMetrics(MetricGroup group, Counter sent) {
    this.sent = sent;
    writes = group.counter("onlineWrites");
    skipped = group.counter("onlineSkippedAsOlder");
    retries = group.counter("onlineRetries");
    freshness =
        group.histogram(
            "onlineFreshnessMillis", new DescriptiveStatisticsHistogram(FRESHNESS_WINDOW));
  }

  void record(List<OnlineUpdate> batch, WriteResult result, long acknowledgedAtMillis) {
    writes.inc(result.written());
    skipped.inc(result.skippedAsOlder());
    retries.inc(result.retries());
    sent.inc(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Long eventTime = batch.get(i).eventTimeMillis();
      if (eventTime != null && result.wasWritten(i)) {
        freshness.update(acknowledgedAtMillis - eventTime);
      }
    }
  }
}
