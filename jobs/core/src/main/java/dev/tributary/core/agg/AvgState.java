package dev.tributary.core.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * avg: the exact sum rounded once to a double, divided by the count; null over no events. Because
 * the sum is exact, the result does not depend on event order or tiling.
 */
final class AvgState implements AggregateState {

  private final ExactSum sum;
  private long count;

  AvgState(ExactSum sum) {
    this.sum = sum;
  }

  @Override
  public void add(long eventTimeMillis, Object value) {
    sum.add(value);
    count++;
  }

  @Override
  public void merge(AggregateState other) {
    AvgState o = (AvgState) other;
    sum.merge(o.sum);
    count += o.count;
  }

  @Override
  public Object result() {
    return count == 0 ? null : sum.roundedDouble() / count;
  }

  @Override
  public AggregateState copy() {
    AvgState copy = new AvgState(sum.copy());
    copy.count = count;
    return copy;
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    out.writeLong(count);
    sum.writeTo(out);
  }

  @Override
  public void readFrom(DataInput in) throws IOException {
    count = in.readLong();
    sum.readFrom(in);
  }
}
