package dev.tributary.core.keys;

import dev.tributary.core.defs.FeatureView;
import java.util.List;

/**
 * Redis key names of the online store: one hash per (view version, entity).
 *
 * <p>{@code <view>__<version>:{<entity key>}}. The entity key is the Redis Cluster hash tag, so the
 * hashes of every view of one entity (origin and route views of one airport live under different
 * entities, but all views of airport SFO share a slot) can be read by one script in one round trip.
 */
public final class OnlineKeys {
  private OnlineKeys() {}

  public static String key(FeatureView view, List<?> keyValues) {
    return view.versionedName() + ":{" + EntityKeyCodec.encode(keyValues) + "}";
  }

  /** The pattern of a view's keys, for plans and for {@code SCAN MATCH}. */
  public static String pattern(FeatureView view) {
    return view.versionedName() + ":{*}";
  }
}
