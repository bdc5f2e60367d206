package dev.tributary.serve.features;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureView;
import java.util.List;

/**
 * The answer to a {@link FeatureQuery}: per entity row, each feature's value and status, and each
 * view's as-of time.
 *
 * @param requestTime UTC ms the TTL was judged at
 */
public record FeatureAnswer(
    List<FeatureRef> features, List<FeatureView> views, long requestTime, List<Row> rows) {

  /**
   * One entity row.
   *
   * @param values per feature; null unless {@link ValueStatus#PRESENT}
   * @param asOf per view: the as-of time of the stored values, null when {@link
   *     ValueStatus#NOT_FOUND}
   */
  public record Row(List<Object> values, List<ValueStatus> statuses, List<Long> asOf) {}
}
