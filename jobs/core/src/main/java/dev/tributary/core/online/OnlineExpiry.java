package dev.tributary.core.online;

import dev.tributary.core.defs.FeatureView;

/**
 * Whether a stored record is past its view's TTL at a request time.
 *
 * <p>The store's own expiry is garbage collection counted from the write; the time contract counts
 * from the request: a stored as-of older than {@code requestTime - ttl} means the entity's newest
 * event is older still, so every feature of the view is null at the request time even while Redis
 * still holds the hash. The scoring job's input assembly and {@code tributary serve} both decide it
 * here.
 */
public final class OnlineExpiry {
  private OnlineExpiry() {}

  public static boolean expired(FeatureView view, OnlineRecord record, long requestTime) {
    long ttl = view.ttl().toMillis();
    return ttl > 0 && record.asOf() < requestTime - ttl;
  }
}
