package dev.tributary.bench;

import dev.tributary.core.monitor.drift.DriftState;
import dev.tributary.core.monitor.quality.QualityState;
import dev.tributary.core.training.BaselineStatistics;
import dev.tributary.core.training.FeatureBaseline;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Values per second through the monitoring states against a bare KLL sketch update in the same run:
 * the drift state (baseline bin + KLL + counts) and the quality state (score histogram, reliability
 * bins, log loss, Brier, accuracy) for one labelled prediction.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MonitorBenchmark {
  private static final int VALUES = 10_000;

  private double[] values;
  private double[] scores;
  private boolean[] labels;
  private FeatureBaseline baseline;
  private KllFloatsSketch bare;
  private DriftState drift;
  private QualityState quality;

  @Setup
  public void setUp() {
    Random random = new Random(1);
    values = new double[VALUES];
    scores = new double[VALUES];
    labels = new boolean[VALUES];
    for (int i = 0; i < VALUES; i++) {
      values[i] = random.nextGaussian() * 30 + 5;
      labels[i] = random.nextDouble() < 0.3;
      scores[i] = 1 / (1 + Math.exp(-(-1 + (labels[i] ? 1.2 : 0) + random.nextGaussian())));
    }
    baseline = baseline(random, 10);
    bare = KllFloatsSketch.newHeapInstance(DriftState.SKETCH_K);
    drift = DriftState.over(baseline);
    quality = new QualityState(0.5);
  }

  static FeatureBaseline baseline(Random random, int bins) {
    BaselineStatistics statistics = new BaselineStatistics("x", bins);
    double[] training = new double[100_000];
    for (int i = 0; i < training.length; i++) {
      training[i] = random.nextGaussian() * 30 + 5;
      statistics.observe(training[i]);
    }
    statistics.fixEdges();
    for (double v : training) {
      statistics.count(v);
    }
    return statistics.result();
  }

  @Benchmark
  @OperationsPerInvocation(VALUES)
  public Object bareKll() {
    for (double v : values) {
      bare.update((float) v);
    }
    return bare;
  }

  @Benchmark
  @OperationsPerInvocation(VALUES)
  public Object driftUpdate() {
    for (double v : values) {
      drift.add(v, baseline);
    }
    return drift;
  }

  @Benchmark
  @OperationsPerInvocation(VALUES)
  public Object qualityUpdate() {
    for (int i = 0; i < VALUES; i++) {
      quality.add(scores[i], labels[i]);
    }
    return quality;
  }
}
