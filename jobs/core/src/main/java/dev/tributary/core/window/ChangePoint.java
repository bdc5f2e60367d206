package dev.tributary.core.window;

import java.util.Arrays;
import java.util.Objects;

/**
 * One row of an entity's history: from {@code validFrom} (inclusive) until the next row's
 * validFrom, the view's values as of any time are {@code values}.
 *
 * <p>Values are compared with {@link Object#equals}, so doubles compare by bits (NaN equals NaN,
 * -0.0 differs from 0.0): a row is emitted exactly when some value's bits change.
 *
 * @param validFrom the first time, in UTC epoch ms, the values hold
 * @param values one value per feature of the view, in the view's order
 */
public record ChangePoint(long validFrom, Object[] values) {

  public ChangePoint {
    Objects.requireNonNull(values, "values");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChangePoint c
        && c.validFrom == validFrom
        && Arrays.equals(c.values, values);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(validFrom) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "ChangePoint[" + validFrom + ", " + Arrays.toString(values) + "]";
  }
}
