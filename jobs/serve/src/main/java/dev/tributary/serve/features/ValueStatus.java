package dev.tributary.serve.features;

/** What the online store had for one feature of one entity at the request time. */
public enum ValueStatus {
  /** A value, as of the view's as-of time. */
  PRESENT,
  /** No hash for the entity in the view's version: never written, or evicted by Redis. */
  NOT_FOUND,
  /**
   * A hash past its view's TTL at the request time: by the time contract every feature is null now,
   * even while Redis still holds it.
   */
  EXPIRED,
  /** The entity is known but the feature has no value as of then (an empty window). */
  NULL
}
