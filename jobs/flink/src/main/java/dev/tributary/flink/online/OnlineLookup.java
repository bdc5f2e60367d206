package dev.tributary.flink.online;

import dev.tributary.core.defs.FeatureView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One entity of one view version to read from the online store.
 *
 * @param keyValues the entity key values in the entity's key order
 */
public record OnlineLookup(FeatureView view, List<Object> keyValues) {

  public OnlineLookup {
    keyValues = Collections.unmodifiableList(new ArrayList<>(keyValues));
  }

  public static OnlineLookup of(FeatureView view, Object... keyValues) {
    return new OnlineLookup(view, Arrays.asList(keyValues));
  }
}
