package dev.tributary.core.online;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One entity's values as the online store holds them.
 *
 * @param asOf the instant (UTC ms) the values hold at: the later of the newest event the job had
 *     seen for the entity + 1 ms and the watermark (see the time contract)
 * @param values one value per feature of the view, in the view's order; null where a feature has no
 *     value; a {@code java.util.List} of the element type for {@code last_n} features
 */
public record OnlineRecord(long asOf, List<Object> values) {

  public OnlineRecord {
    // List.copyOf rejects nulls, and null is a value of every feature.
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }

  /** The value of the feature at {@code index} in the view's feature list. */
  public Object value(int index) {
    return values.get(index);
  }
}
