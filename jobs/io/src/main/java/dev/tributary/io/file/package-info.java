/**
 * Historical events of a source read from its files, with the same checks as the Kafka stream.
 *
 * <pre>
 *   csv / json lines / parquet files (.gz)          EventFileReader: one ParseOutcome per record,
 *        |  CsvRows, JsonLines, ParquetRows         rejections prefixed with file and line or row
 *        v
 *   RowValidator / RecordParser (tributary-core)    the same checks as the Kafka stream
 * </pre>
 *
 * <p>No Flink here: the batch jobs of tributary-flink read files through these classes, and so does
 * the replayer ({@link dev.tributary.io.replay}).
 */
package dev.tributary.io.file;
