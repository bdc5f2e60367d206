package dev.tributary.core.monitor.serving;

import dev.tributary.core.defs.DriftThresholds;
import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.WritableState;
import dev.tributary.core.monitor.alert.WindowSummary;
import dev.tributary.core.monitor.drift.DriftResult;
import dev.tributary.core.monitor.drift.DriftState;
import dev.tributary.core.monitor.drift.DriftStatistics;
import dev.tributary.core.monitor.latency.LatencyPercentiles;
import dev.tributary.core.monitor.latency.LatencyState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the monitor job keeps per version and window of served predictions, labels aside: a {@link
 * DriftState} per drift feature and the {@link LatencyState}s of inference and of request to
 * prediction. Mergeable like its parts.
 */
public final class ServingWindow implements WritableState {
  private final DriftState[] drift;
  private final LatencyState inference;
  private final LatencyState request;
  private long requests;

  /** An empty window over {@code features}' baselines. */
  public ServingWindow(DriftFeatures features) {
    this(new DriftState[features.size()], new LatencyState(), new LatencyState(), 0);
    for (int f = 0; f < drift.length; f++) {
      drift[f] = DriftState.over(features.baseline(f));
    }
  }

  private ServingWindow(
      DriftState[] drift, LatencyState inference, LatencyState request, long requests) {
    this.drift = drift;
    this.inference = inference;
    this.request = request;
    this.requests = requests;
  }

  /** One prediction; {@code features} must be the ones this window was made over. */
  public void add(ServedPrediction prediction, DriftFeatures features) {
    requests++;
    for (int f = 0; f < drift.length; f++) {
      drift[f].add(features.valueOf(f, prediction), features.baseline(f));
    }
    inference.recordMicros(prediction.inferenceMicros());
    request.recordMicros(prediction.requestMicros());
  }

  public void merge(ServingWindow other) {
    requests += other.requests;
    for (int f = 0; f < drift.length; f++) {
      drift[f].merge(other.drift[f]);
    }
    inference.merge(other.inference);
    request.merge(other.request);
  }

  public long requests() {
    return requests;
  }

  /** Drift of every feature against its baseline, in the order of {@code features}. */
  public List<DriftResult> drift(DriftFeatures features, DriftThresholds thresholds) {
    List<DriftResult> results = new ArrayList<>();
    for (int f = 0; f < drift.length; f++) {
      results.add(DriftStatistics.against(features.baseline(f), drift[f], thresholds));
    }
    return results;
  }

  public LatencyPercentiles inferenceLatency() {
    return inference.percentiles();
  }

  public LatencyPercentiles requestLatency() {
    return request.percentiles();
  }

  /** The window as the drift and latency alert rules see it (no quality, no labels). */
  public WindowSummary summary(
      String model,
      String version,
      WindowKey window,
      DriftFeatures features,
      DriftThresholds thresholds) {
    return new WindowSummary(
        model,
        version,
        window,
        null,
        null,
        drift(features, thresholds),
        requestLatency(),
        requests,
        0,
        0,
        0);
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeLong(requests);
    out.writeInt(drift.length);
    for (DriftState state : drift) {
      state.write(out);
    }
    inference.write(out);
    request.write(out);
  }

  public static ServingWindow read(DataInput in) throws IOException {
    long requests = in.readLong();
    DriftState[] drift = new DriftState[in.readInt()];
    for (int f = 0; f < drift.length; f++) {
      drift[f] = DriftState.read(in);
    }
    return new ServingWindow(drift, LatencyState.read(in), LatencyState.read(in), requests);
  }
}
