package dev.tributary.core.registry;

/**
 * A source as the registry keeps it.
 *
 * @param topic its Kafka topic, empty when none
 * @param files its historical files as {@code location (format)}, empty when none
 * @param table its Iceberg table, empty when none
 * @param schema its columns in order, {@code name:type} joined by commas
 */
public record RegisteredSource(
    String name,
    String topic,
    String files,
    String table,
    String schema,
    String eventTime,
    String at) {}
