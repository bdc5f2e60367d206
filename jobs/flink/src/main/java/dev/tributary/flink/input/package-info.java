/**
 * Historical events of a source read from files, and replayed from files to Kafka.
 *
 * <pre>
 *   csv / json lines / parquet files (.gz)          EventFileReader: one ParseOutcome per record,
 *        |  CsvRows, JsonLines, ParquetRows         rejections prefixed with file and line or row
 *        v
 *   RowValidator / RecordParser (tributary-core)    the same checks as the Kafka stream
 *        |
 *        v
 *   EventReplayer: filter --from/--to -> EventTimeSorter (external merge sort, bounded memory)
 *        -> ReplayPace (speed factor) -> KafkaProducer (idempotent, acks=all, lz4), ReplayProgress on stderr
 * </pre>
 */
package dev.tributary.flink.input;
