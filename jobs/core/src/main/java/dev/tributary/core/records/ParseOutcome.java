package dev.tributary.core.records;

/**
 * What one raw record became: a {@link ParsedEvent} ready for the windows, or a {@link
 * RecordRejection} saying why it cannot be used. Bad records are values, not exceptions, so a
 * stream of millions never stops for one of them.
 */
public sealed interface ParseOutcome permits ParsedEvent, RecordRejection {}
