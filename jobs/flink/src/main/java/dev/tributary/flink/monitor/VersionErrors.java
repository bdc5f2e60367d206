package dev.tributary.flink.monitor;

import dev.tributary.core.defs.ModelMonitoring;
import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.alert.WindowSummary;
import dev.tributary.core.monitor.serving.ErrorWindow;
import dev.tributary.core.monitor.serving.RequestOutcome;
import dev.tributary.core.score.RequestBudget;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

/**
 * Predictions and dead letters of one model version into an {@link ErrorWindow} per window of the
 * request time (its hour, its day, since start): when the watermark passes the hour's end, a row to
 * {@code monitoring.errors}, the {@code error_rate} gauge, and the {@code error_rate} rule over
 * each window ({@link VersionQuality#ALERTS}).
 *
 * <p>An hour is written {@link RequestBudget#DEFAULT} after the watermark passes its end: a request
 * that failed transiently is retried for up to that budget before its dead letter is written, while
 * predictions of later requests move the watermark on; without the wait, such a dead letter near an
 * hour's end would find its hour written and count since start only.
 */
final class VersionErrors extends HourlyWindows<RequestOutcome, ErrorWindow> {
  private static final long serialVersionUID = 1L;

  VersionErrors(String model, ModelMonitoring monitoring) {
    super(model, monitoring, RequestBudget.DEFAULT.toMillis());
  }

  @Override
  ErrorWindow empty(String version) {
    return new ErrorWindow();
  }

  @Override
  Class<ErrorWindow> stateType() {
    return ErrorWindow.class;
  }

  @Override
  long timeOf(RequestOutcome outcome) {
    return outcome.time();
  }

  @Override
  void add(ErrorWindow state, RequestOutcome outcome) {
    state.add(outcome);
  }

  @Override
  void emit(
      WindowKey window,
      ErrorWindow state,
      long asOf,
      OnTimerContext context,
      Collector<RowData> out) {
    WindowSummary summary = state.summary(model, context.getCurrentKey(), window);
    out.collect(ServingRows.errors(summary, asOf, state));
    gauges.errors(summary);
    alerts.evaluate(summary).forEach(alert -> context.output(VersionQuality.ALERTS, alert));
  }
}
