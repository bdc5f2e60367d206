/**
 * Historical events replayed from a source's files to its Kafka topic, behind {@code tributary
 * replay}.
 *
 * <pre>
 *   EventFileReader ({@link dev.tributary.io.file})
 *        |
 *        v
 *   EventReplayer: filter --from/--to -> EventTimeSorter (external merge sort, bounded memory)
 *        -> ReplayPace (speed factor) -> KafkaProducer (idempotent, acks=all, lz4), ReplayProgress on stderr
 * </pre>
 */
package dev.tributary.io.replay;
