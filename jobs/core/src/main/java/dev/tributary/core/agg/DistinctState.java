package dev.tributary.core.agg;

import dev.tributary.core.types.ValueType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * approx_distinct: an Apache DataSketches HLL sketch (lgK = {@value #LG_K}, HLL_8 registers),
 * returning the rounded estimate as a Long; null over no events, like every function but count and
 * sum.
 *
 * <p>Relative standard error is about 1.04 / sqrt(2^lgK) = 1.6%; up to a few hundred distinct
 * values the sketch keeps hash coupons and is nearly exact. Strings are hashed as their UTF-8 bytes
 * behind a marker byte so the empty string counts as a value (DataSketches ignores empty inputs).
 */
final class DistinctState implements AggregateState {

  static final int LG_K = 12;

  private final ValueType type;
  private Union union = new Union(LG_K);

  DistinctState(ValueType type) {
    this.type = type;
  }

  @Override
  public void add(long eventTimeMillis, Object value) {
    switch (type) {
      case BOOLEAN -> union.update((Boolean) value ? 1L : 0L);
      case LONG, TIMESTAMP -> union.update((Long) value);
      case DOUBLE -> union.update((Double) value);
      case STRING -> {
        byte[] utf8 = ((String) value).getBytes(StandardCharsets.UTF_8);
        byte[] marked = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, marked, 1, utf8.length);
        union.update(marked);
      }
    }
  }

  @Override
  public void merge(AggregateState other) {
    union.update(((DistinctState) other).union.getResult(TgtHllType.HLL_8));
  }

  @Override
  public Object result() {
    return union.isEmpty() ? null : Math.round(union.getEstimate());
  }

  @Override
  public AggregateState copy() {
    DistinctState copy = new DistinctState(type);
    copy.union = Union.heapify(union.toUpdatableByteArray());
    return copy;
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    byte[] bytes = union.toCompactByteArray();
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  @Override
  public void readFrom(DataInput in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    union = Union.heapify(bytes);
  }
}
