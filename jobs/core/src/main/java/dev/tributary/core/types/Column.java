package dev.tributary.core.types;

import java.io.Serializable;

/** A named, typed column of a source schema or an entity key. */
public record Column(String name, ValueType type) implements Serializable {}
