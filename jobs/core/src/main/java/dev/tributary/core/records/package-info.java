/**
 * Raw source records (JSON text from Kafka or files, CSV fields, Parquet values) turned into
 * validated rows of a source's schema, and rows turned back into JSON for replays.
 *
 * <p>Every format goes through one {@link dev.tributary.core.records.RowValidator}, so a Kafka
 * stream and a backfill over files accept and reject exactly the same events, with the same
 * reasons. Nothing here throws for a bad record: it becomes a {@link
 * dev.tributary.core.records.RecordRejection} whose reason names the field and what was wrong,
 * ready for the dead-letter output.
 */
package dev.tributary.core.records;
