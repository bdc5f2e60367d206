package dev.tributary.core.monitor.quality;

import dev.tributary.core.monitor.CompactLongs;
import dev.tributary.core.monitor.WritableState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Calibration state: per equal-width score bin, the count, the positives and the sum of scores,
 * exact and mergeable.
 */
public final class ReliabilityBins implements WritableState {
  public static final int DEFAULT_BINS = 10;

  private final long[] counts;
  private final long[] positives;
  private final double[] scoreSums;

  public ReliabilityBins(int bins) {
    this(new long[bins], new long[bins], new double[bins]);
  }

  private ReliabilityBins(long[] counts, long[] positives, double[] scoreSums) {
    this.counts = counts;
    this.positives = positives;
    this.scoreSums = scoreSums;
  }

  public void add(double score, boolean label) {
    int bin = Math.min(counts.length - 1, (int) (score * counts.length));
    counts[bin]++;
    positives[bin] += label ? 1 : 0;
    scoreSums[bin] += score;
  }

  public void merge(ReliabilityBins other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
      positives[i] += other.positives[i];
      scoreSums[i] += other.scoreSums[i];
    }
  }

  /** The diagram; empty bins have NaN mean score and rate. */
  public List<ReliabilityBin> bins() {
    List<ReliabilityBin> bins = new ArrayList<>(counts.length);
    for (int i = 0; i < counts.length; i++) {
      bins.add(
          new ReliabilityBin(
              (double) i / counts.length,
              (double) (i + 1) / counts.length,
              counts[i],
              counts[i] == 0 ? Double.NaN : scoreSums[i] / counts[i],
              counts[i] == 0 ? Double.NaN : (double) positives[i] / counts[i]));
    }
    return bins;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    CompactLongs.write(out, counts);
    CompactLongs.write(out, positives);
    for (double sum : scoreSums) {
      out.writeDouble(sum);
    }
  }

  public static ReliabilityBins read(DataInput in) throws IOException {
    long[] counts = CompactLongs.read(in);
    long[] positives = CompactLongs.read(in);
    double[] sums = new double[counts.length];
    for (int i = 0; i < sums.length; i++) {
      sums[i] = in.readDouble();
    }
    return new ReliabilityBins(counts, positives, sums);
  }
}
