package dev.tributary.core.monitor.drift;

import dev.tributary.core.monitor.CompactLongs;
import dev.tributary.core.monitor.WritableState;
import dev.tributary.core.training.FeatureBaseline;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Live values of one feature (or the score) of one version in one window, as drift needs them:
 * exact counts over the training baseline's bins (PSI, Jensen-Shannon), a KLL sketch of the values
 * (Kolmogorov-Smirnov) and the null count. Mergeable.
 *
 * <p>Size: the sketch is {@link KllFloatsSketch} at k = {@value #SKETCH_K}, which keeps at most
 * about 3k floats whatever the count, so a window's state stays under 3 KB (measured in
 * docs/benchmarks.md); floats are precise to 1e-7 relative, far below the sketch's rank error.
 */
public final class DriftState implements WritableState {
  /** KLL size: normalized rank error about 1.65% (99% confidence), about 2.5 KB at most. */
  public static final int SKETCH_K = 200;

  private long count;
  private long nulls;
  private final long[] binCounts;
  private KllFloatsSketch sketch;

  /** An empty state over {@code baseline}'s bins. */
  public static DriftState over(FeatureBaseline baseline) {
    return new DriftState(
        new long[baseline.counts().length], 0, 0, KllFloatsSketch.newHeapInstance(SKETCH_K));
  }

  private DriftState(long[] binCounts, long count, long nulls, KllFloatsSketch sketch) {
    this.binCounts = binCounts;
    this.count = count;
    this.nulls = nulls;
    this.sketch = sketch;
  }

  /**
   * One live value; NaN stands for a missing value. {@code baseline} must be the one this state was
   * made {@linkplain #over over}: the operator holds it, the state holds only counts.
   */
  public void add(double value, FeatureBaseline baseline) {
    count++;
    if (Double.isNaN(value)) {
      nulls++;
      return;
    }
    binCounts[FeatureBaseline.bin(baseline.edges(), value)]++;
    sketch.update((float) value);
  }

  public void merge(DriftState other) {
    if (other.binCounts.length != binCounts.length) {
      throw new IllegalArgumentException(
          "cannot merge drift states over "
              + binCounts.length
              + " and "
              + other.binCounts.length
              + " bins: they were made over different baselines");
    }
    count += other.count;
    nulls += other.nulls;
    for (int i = 0; i < binCounts.length; i++) {
      binCounts[i] += other.binCounts[i];
    }
    sketch.merge(other.sketch);
  }

  public long count() {
    return count;
  }

  public long nulls() {
    return nulls;
  }

  long[] binCounts() {
    return binCounts.clone();
  }

  KllFloatsSketch sketch() {
    return sketch;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    CompactLongs.writeVarint(out, count);
    CompactLongs.writeVarint(out, nulls);
    CompactLongs.write(out, binCounts);
    byte[] bytes = sketch.toByteArray();
    CompactLongs.writeVarint(out, bytes.length);
    out.write(bytes);
  }

  public static DriftState read(DataInput in) throws IOException {
    long count = CompactLongs.readVarint(in);
    long nulls = CompactLongs.readVarint(in);
    long[] bins = CompactLongs.read(in);
    byte[] bytes = new byte[Math.toIntExact(CompactLongs.readVarint(in))];
    in.readFully(bytes);
    return new DriftState(bins, count, nulls, KllFloatsSketch.heapify(Memory.wrap(bytes)));
  }
}
