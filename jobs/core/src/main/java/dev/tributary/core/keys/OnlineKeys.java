package dev.tributary.core.keys;

import dev.tributary.core.defs.FeatureView;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Redis key names of the online store: one string per entity, holding a section per view version
 * ({@link dev.tributary.core.online.OnlineRecordCodec}).
 *
 * <p>{@code {<entity key>}}: the whole key is the Redis Cluster hash tag, so it decides the slot.
 * Every view of an entity (origin_delays and dest_delays of airport SFO) shares the key, so small
 * views pay the per-key overhead of Redis (its dictionary entry, key and object, some 60 bytes)
 * once per entity instead of once per view. Entities of different kinds whose keys print alike
 * ({@code {SFO}} of an airport and of a carrier) share a value too; their sections differ by view
 * id, so they never mix.
 */
public final class OnlineKeys {
  private OnlineKeys() {}

  /** The key of the entity whose key values are {@code keyValues}, in the entity's key order. */
  public static String key(List<?> keyValues) {
    return "{" + EntityKeyCodec.encode(keyValues) + "}";
  }

  /** The key of one entity, as bytes (UTF-8), for the binary Redis calls. */
  public static byte[] keyBytes(List<?> keyValues) {
    return key(keyValues).getBytes(StandardCharsets.UTF_8);
  }

  /** How a view's keys look, for plans: {@code {<airport>}}, {@code {<origin,destination>}}. */
  public static String pattern(FeatureView view) {
    return "{<"
        + String.join(",", view.entity().keys().stream().map(k -> k.name()).toList())
        + ">}";
  }
}
