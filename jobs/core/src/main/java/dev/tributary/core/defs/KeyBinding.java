package dev.tributary.core.defs;

import dev.tributary.core.expr.Expression;
import dev.tributary.core.types.Column;
import java.io.Serializable;

/** How one entity key column is computed from a source row. */
public record KeyBinding(Column key, Expression value) implements Serializable {}
