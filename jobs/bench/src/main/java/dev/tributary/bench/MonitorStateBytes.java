package dev.tributary.bench;

import dev.tributary.core.monitor.drift.DriftState;
import dev.tributary.core.monitor.latency.LatencyState;
import dev.tributary.core.monitor.quality.QualityState;
import dev.tributary.core.training.FeatureBaseline;
import java.util.Random;

/**
 * Bytes of each monitoring state per window as values accumulate: drift per feature (goal at most 3
 * KB), quality and latency per version. {@code java -cp benchmarks.jar
 * dev.tributary.bench.MonitorStateBytes}
 */
public final class MonitorStateBytes {
  private MonitorStateBytes() {}

  public static void main(String[] args) {
    Random random = new Random(1);
    System.out.println(
        "| values in the window | drift, 10 bins | drift, 20 bins | quality | latency |");
    System.out.println("| ---: | ---: | ---: | ---: | ---: |");
    FeatureBaseline ten = MonitorBenchmark.baseline(random, 10);
    FeatureBaseline twenty = MonitorBenchmark.baseline(random, 20);
    for (int n : new int[] {100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000}) {
      DriftState driftTen = DriftState.over(ten);
      DriftState driftTwenty = DriftState.over(twenty);
      QualityState quality = new QualityState(0.5);
      LatencyState latency = new LatencyState();
      for (int i = 0; i < n; i++) {
        double v = random.nextGaussian() * 30 + 5;
        driftTen.add(v, ten);
        driftTwenty.add(v, twenty);
        boolean label = random.nextDouble() < 0.3;
        quality.add(1 / (1 + Math.exp(-(-1 + (label ? 1.2 : 0) + random.nextGaussian()))), label);
        latency.recordMicros((long) Math.exp(11 + 0.3 * random.nextGaussian()));
      }
      System.out.printf(
          "| %,d | %,d | %,d | %,d | %,d |%n",
          n,
          driftTen.toBytes().length,
          driftTwenty.toBytes().length,
          quality.toBytes().length,
          latency.toBytes().length);
    }
  }
}
