package dev.tributary.core.defs;

/** A value read from a definition file together with where it was written. */
public record Located<T>(T value, SourceLocation at) {}
