package dev.tributary.core.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * sum: exact. Boolean (true = 1) and long inputs give a Long (null if the exact total leaves the
 * long range); double inputs give the exact total rounded once. 0 over no events.
 */
final class SumState implements AggregateState {

  private final ExactSum sum;

  SumState(ExactSum sum) {
    this.sum = sum;
  }

  @Override
  public void add(long eventTimeMillis, Object value) {
    sum.add(value);
  }

  @Override
  public void merge(AggregateState other) {
    sum.merge(((SumState) other).sum);
  }

  @Override
  public Object result() {
    return sum.sumResult();
  }

  @Override
  public AggregateState copy() {
    return new SumState(sum.copy());
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    sum.writeTo(out);
  }

  @Override
  public void readFrom(DataInput in) throws IOException {
    sum.readFrom(in);
  }
}
