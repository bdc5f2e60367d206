package dev.tributary.core.agg;

import dev.tributary.core.types.ValueType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * last and last_n: the values of the latest events by event time, newest first; null over no
 * events. {@code last} is this state with n = 1 returning the single value.
 *
 * <p>Events are ranked by event time, and events at the same event time by value under {@link
 * ValueOrder}, greater first. The ranking never looks at arrival order, so a stream that sees two
 * events of the same millisecond in either order, and a batch that sorts them either way, pick the
 * same value.
 */
final class LastNState implements AggregateState {

  private final ValueType type;
  private final int capacity;
  private final boolean asList;
  private final Comparator<Object> order;
  private long[] times;
  private Object[] values;
  private int size;

  LastNState(ValueType type, int capacity, boolean asList) {
    this.type = type;
    this.capacity = capacity;
    this.asList = asList;
    this.order = ValueOrder.of(type);
    int initial = Math.min(capacity, 8);
    this.times = new long[initial];
    this.values = new Object[initial];
  }

  /** Positive when (t1, v1) ranks before (is newer than) (t2, v2). */
  private int newer(long t1, Object v1, long t2, Object v2) {
    int c = Long.compare(t1, t2);
    return c != 0 ? c : order.compare(v1, v2);
  }

  @Override
  public void add(long eventTimeMillis, Object value) {
    int position = size;
    while (position > 0
        && newer(eventTimeMillis, value, times[position - 1], values[position - 1]) > 0) {
      position--;
    }
    if (position >= capacity) {
      return;
    }
    if (size == times.length && size < capacity) {
      int grown = Math.min(capacity, size * 2);
      times = Arrays.copyOf(times, grown);
      values = Arrays.copyOf(values, grown);
    }
    int moved = Math.min(size, capacity - 1) - position;
    System.arraycopy(times, position, times, position + 1, moved);
    System.arraycopy(values, position, values, position + 1, moved);
    times[position] = eventTimeMillis;
    values[position] = value;
    size = Math.min(size + 1, capacity);
  }

  @Override
  public void merge(AggregateState other) {
    LastNState o = (LastNState) other;
    int total = Math.min(capacity, size + o.size);
    long[] mergedTimes = new long[Math.max(total, 1)];
    Object[] mergedValues = new Object[Math.max(total, 1)];
    int i = 0;
    int j = 0;
    for (int k = 0; k < total; k++) {
      boolean takeMine =
          j >= o.size || (i < size && newer(times[i], values[i], o.times[j], o.values[j]) >= 0);
      if (takeMine) {
        mergedTimes[k] = times[i];
        mergedValues[k] = values[i++];
      } else {
        mergedTimes[k] = o.times[j];
        mergedValues[k] = o.values[j++];
      }
    }
    times = mergedTimes;
    values = mergedValues;
    size = total;
  }

  @Override
  public Object result() {
    if (size == 0) {
      return null;
    }
    return asList ? List.of(Arrays.copyOf(values, size)) : values[0];
  }

  @Override
  public AggregateState copy() {
    LastNState copy = new LastNState(type, capacity, asList);
    copy.times = Arrays.copyOf(times, Math.max(size, 1));
    copy.values = Arrays.copyOf(values, Math.max(size, 1));
    copy.size = size;
    return copy;
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(size);
    for (int i = 0; i < size; i++) {
      out.writeLong(times[i]);
      ValueCodec.write(out, type, values[i]);
    }
  }

  @Override
  public void readFrom(DataInput in) throws IOException {
    size = in.readInt();
    times = new long[Math.max(size, 1)];
    values = new Object[Math.max(size, 1)];
    for (int i = 0; i < size; i++) {
      times[i] = in.readLong();
      values[i] = ValueCodec.read(in, type);
    }
  }
}
