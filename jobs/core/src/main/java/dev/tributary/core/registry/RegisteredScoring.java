package dev.tributary.core.registry;

/**
 * A scoring deployment.
 *
 * @param trafficSplit weights as {@code version=weight} joined by commas, by version
 */
public record RegisteredScoring(
    String name,
    String model,
    String requests,
    String routingKey,
    String trafficSplit,
    String at) {}
