/**
 * The time contract of docs/semantics.md, implemented once: sawtooth windows over hop tiles with an
 * exact head, the TTL rule, point-in-time evaluation at many times by one sweep ({@link
 * dev.tributary.core.window.PointInTimeEvaluator}), change points for the history tables ({@link
 * dev.tributary.core.window.ChangePoints}) and their incremental, serializable form with late-event
 * corrections for the streaming job ({@link dev.tributary.core.window.StreamingChangePoints}).
 */
package dev.tributary.core.window;
