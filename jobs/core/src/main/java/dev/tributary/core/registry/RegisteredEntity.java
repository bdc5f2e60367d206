package dev.tributary.core.registry;

/**
 * An entity as the registry keeps it.
 *
 * @param keys the key columns in order, {@code name:type} joined by commas
 * @param at where it is defined, {@code file:line:column}
 */
public record RegisteredEntity(String name, String keys, String at) {}
