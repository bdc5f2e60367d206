package dev.tributary.core.monitor.serving;

import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.WritableState;
import dev.tributary.core.monitor.alert.WindowSummary;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * What the monitor job keeps per version and window for the error rate: how many of the version's
 * requests ended as predictions and how many as dead letters. Mergeable.
 */
public final class ErrorWindow implements WritableState {
  private long predictions;
  private long errors;

  public ErrorWindow() {}

  private ErrorWindow(long predictions, long errors) {
    this.predictions = predictions;
    this.errors = errors;
  }

  public void add(RequestOutcome outcome) {
    if (outcome.failed()) {
      errors++;
    } else {
      predictions++;
    }
  }

  public void merge(ErrorWindow other) {
    predictions += other.predictions;
    errors += other.errors;
  }

  public long predictions() {
    return predictions;
  }

  public long errors() {
    return errors;
  }

  /** Every request of the window: predictions plus dead letters. */
  public long requests() {
    return predictions + errors;
  }

  /** {@code errors / (predictions + errors)}; NaN for a window without requests. */
  public double errorRate() {
    return requests() == 0 ? Double.NaN : (double) errors / requests();
  }

  /** The window as the {@code error_rate} rule sees it (no quality, drift, latency or labels). */
  public WindowSummary summary(String model, String version, WindowKey window) {
    return new WindowSummary(
        model, version, window, null, null, List.of(), null, requests(), errors, 0, 0);
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeLong(predictions);
    out.writeLong(errors);
  }

  public static ErrorWindow read(DataInput in) throws IOException {
    return new ErrorWindow(in.readLong(), in.readLong());
  }
}
