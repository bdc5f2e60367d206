package dev.tributary.flink.monitor;

import dev.tributary.core.config.KafkaConnection;
import dev.tributary.flink.iceberg.CatalogConfig;
import java.io.Serializable;
import java.time.Duration;

/**
 * Where the monitor job reads and writes.
 *
 * @param kafka Kafka of the predictions, the label source, the dead letters and the alerts topic,
 *     with its client properties (TLS, SASL)
 * @param groupId consumer groups of the inputs, this with {@code -predictions}, {@code -labels} and
 *     {@code -dead-letters} (offsets committed on checkpoints, for lag only)
 * @param bounded stop at the topics' current end (tests, catch-up runs)
 * @param catalog Iceberg catalog of the {@code monitoring.*} tables
 * @param predictionOutOfOrderness how far request times on the predictions topic may run out of
 *     order (the score job writes in batches, in the order predictions are made); the dead letters'
 *     request times too
 * @param baselineOrNull the training set whose {@code training.<name>__stats} drift is measured
 *     against; it must exist. Null: the training set named after the model, when its stats table
 *     exists, else no drift (the job says so when it starts)
 * @param predictionIdleness how long a partition of the prediction topic may go without records
 *     before it stops holding the watermark back: a partition no score job writes to (more
 *     partitions than writers, or a quiet scoring) would otherwise stop every window; the same for
 *     a partition of the dead-letter topic, quiet while scoring is healthy
 */
public record MonitorSettings(
    KafkaConnection kafka,
    String groupId,
    boolean bounded,
    CatalogConfig catalog,
    Duration predictionOutOfOrderness,
    String baselineOrNull,
    Duration predictionIdleness)
    implements Serializable {

  /** The default {@link #predictionIdleness}. */
  public static final Duration DEFAULT_IDLENESS = Duration.ofMinutes(1);

  /** Settings with the default idleness. */
  public MonitorSettings(
      KafkaConnection kafka,
      String groupId,
      boolean bounded,
      CatalogConfig catalog,
      Duration predictionOutOfOrderness,
      String baselineOrNull) {
    this(
        kafka,
        groupId,
        bounded,
        catalog,
        predictionOutOfOrderness,
        baselineOrNull,
        DEFAULT_IDLENESS);
  }

  /** Settings with the default baseline (the training set named after the model, if any). */
  public MonitorSettings(
      KafkaConnection kafka,
      String groupId,
      boolean bounded,
      CatalogConfig catalog,
      Duration predictionOutOfOrderness) {
    this(kafka, groupId, bounded, catalog, predictionOutOfOrderness, null);
  }

  public static MonitorSettings of(
      String bootstrapServers, boolean bounded, CatalogConfig catalog) {
    return of(KafkaConnection.plain(bootstrapServers), bounded, catalog);
  }

  public static MonitorSettings of(KafkaConnection kafka, boolean bounded, CatalogConfig catalog) {
    return new MonitorSettings(kafka, "tributary-monitor", bounded, catalog, Duration.ofMinutes(1));
  }

  /** The brokers, {@code HOST:PORT[,...]}. */
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public MonitorSettings withPredictionOutOfOrderness(Duration outOfOrderness) {
    return new MonitorSettings(
        kafka, groupId, bounded, catalog, outOfOrderness, baselineOrNull, predictionIdleness);
  }

  /** A partition of the prediction topic without records for {@code idleness} is idle. */
  public MonitorSettings withPredictionIdleness(Duration idleness) {
    return new MonitorSettings(
        kafka, groupId, bounded, catalog, predictionOutOfOrderness, baselineOrNull, idleness);
  }

  /** Measures drift against {@code training.<trainingSet>__stats}, which must exist. */
  public MonitorSettings withBaseline(String trainingSet) {
    return new MonitorSettings(
        kafka,
        groupId,
        bounded,
        catalog,
        predictionOutOfOrderness,
        trainingSet,
        predictionIdleness);
  }
}
