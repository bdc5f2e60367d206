package dev.tributary.core.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * approx_quantile: an Apache DataSketches KLL doubles sketch (k = {@value #K}) returning the
 * inclusive quantile at the spec's rank as a Double; null over no events. Long inputs are converted
 * to double (exact below 2^53); NaN inputs are ignored by the sketch.
 *
 * <p>Exact while a state holds at most k items. Beyond that, the normalized rank error is {@code
 * KllSketch.getNormalizedRankError(200, false)} = about 1.65% with 99% confidence; KLL compaction
 * is randomized, so two runs may differ within that bound.
 */
final class QuantileState implements AggregateState {

  static final int K = 200;

  private final double rank;
  private KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(K);

  QuantileState(double rank) {
    this.rank = rank;
  }

  @Override
  public void add(long eventTimeMillis, Object value) {
    sketch.update(value instanceof Long l ? (double) l : (Double) value);
  }

  @Override
  public void merge(AggregateState other) {
    sketch.merge(((QuantileState) other).sketch);
  }

  @Override
  public Object result() {
    return sketch.isEmpty() ? null : sketch.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
  }

  @Override
  public AggregateState copy() {
    QuantileState copy = new QuantileState(rank);
    copy.sketch = KllDoublesSketch.heapify(Memory.wrap(sketch.toByteArray()));
    return copy;
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    byte[] bytes = sketch.toByteArray();
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  @Override
  public void readFrom(DataInput in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    sketch = KllDoublesSketch.heapify(Memory.wrap(bytes));
  }
}
