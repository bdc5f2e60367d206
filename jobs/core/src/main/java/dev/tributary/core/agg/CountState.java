package dev.tributary.core.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** count: the number of events whose input is non-null; 0 over no events. */
final class CountState implements AggregateState {

  private long count;

  @Override
  public void add(long eventTimeMillis, Object value) {
    count++;
  }

  @Override
  public void merge(AggregateState other) {
    count += ((CountState) other).count;
  }

  @Override
  public Object result() {
    return count;
  }

  @Override
  public AggregateState copy() {
    CountState copy = new CountState();
    copy.count = count;
    return copy;
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    out.writeLong(count);
  }

  @Override
  public void readFrom(DataInput in) throws IOException {
    count = in.readLong();
  }
}
