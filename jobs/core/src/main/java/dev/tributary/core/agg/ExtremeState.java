package dev.tributary.core.agg;

import dev.tributary.core.types.ValueType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Comparator;

/** min or max under {@link ValueOrder} (so NaN is the largest double); null over no events. */
final class ExtremeState implements AggregateState {

  private final ValueType type;
  private final boolean max;
  private final Comparator<Object> order;
  private Object best;

  ExtremeState(ValueType type, boolean max) {
    this.type = type;
    this.max = max;
    this.order = ValueOrder.of(type);
  }

  @Override
  public void add(long eventTimeMillis, Object value) {
    if (best == null) {
      best = value;
    } else {
      int c = order.compare(value, best);
      if (max ? c > 0 : c < 0) {
        best = value;
      }
    }
  }

  @Override
  public void merge(AggregateState other) {
    Object otherBest = ((ExtremeState) other).best;
    if (otherBest != null) {
      add(0L, otherBest);
    }
  }

  @Override
  public Object result() {
    return best;
  }

  @Override
  public AggregateState copy() {
    ExtremeState copy = new ExtremeState(type, max);
    copy.best = best;
    return copy;
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    ValueCodec.write(out, type, best);
  }

  @Override
  public void readFrom(DataInput in) throws IOException {
    best = ValueCodec.read(in, type);
  }
}
