package dev.tributary.core.window;

import java.util.Arrays;
import java.util.Objects;

/**
 * One event of an entity: its event time and, per feature of the view, the already evaluated input
 * (null when the feature's expression is null for this event; such inputs are skipped).
 *
 * @param eventTimeMillis UTC epoch milliseconds
 * @param inputs one value per feature of the view, in the view's order
 */
public record Event(long eventTimeMillis, Object[] inputs) {

  public Event {
    Objects.requireNonNull(inputs, "inputs");
  }

  public static Event of(long eventTimeMillis, Object... inputs) {
    return new Event(eventTimeMillis, inputs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Event e
        && e.eventTimeMillis == eventTimeMillis
        && Arrays.equals(e.inputs, inputs);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(eventTimeMillis) * 31 + Arrays.hashCode(inputs);
  }

  @Override
  public String toString() {
    return "Event[" + eventTimeMillis + ", " + Arrays.toString(inputs) + "]";
  }
}
