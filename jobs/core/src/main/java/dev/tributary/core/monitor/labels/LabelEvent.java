package dev.tributary.core.monitor.labels;

/**
 * An observed outcome.
 *
 * @param key the join columns, encoded like {@link Prediction#key()}
 * @param time event time at which the outcome became known, UTC ms
 */
public record LabelEvent(String key, long time, boolean value) {}
