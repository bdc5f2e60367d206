package dev.tributary.serve.predict;

import dev.tributary.core.config.KafkaConnection;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.flink.records.DeadLetter;
import dev.tributary.flink.records.DeadLetterJson;
import dev.tributary.flink.records.Prediction;
import dev.tributary.flink.score.PredictionJson;
import dev.tributary.flink.score.ServedRecords;
import dev.tributary.serve.ServeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The score job's prediction log for synchronous predictions: each one as the score job's {@link
 * Prediction} record, in its JSON ({@link PredictionJson}), on {@code tributary.predictions}, so
 * monitoring and the consistency check read both paths alike; each request row that got no
 * prediction as the score job's dead letter on {@code tributary.dead_letters}, so the monitor's
 * error rate counts served failures too. Every record carries the header {@code tributary-origin:
 * serve}. Both return once Kafka acknowledged every record (acks=all): a prediction the caller got
 * is in the log, and so is a failure.
 */
public final class KafkaPredictionLog implements PredictionLog {
  /** Marks each record as served, so the score job appends it to monitoring.predictions. */
  private static final List<Header> ORIGIN =
      List.of(
          new RecordHeader(
              ServedRecords.ORIGIN_HEADER, ServedRecords.SERVED.getBytes(StandardCharsets.UTF_8)));

  private final KafkaProducer<byte[], byte[]> producer;
  private final PredictionJson json = new PredictionJson();
  private final DeadLetterJson deadLetterJson = new DeadLetterJson();
  private final String serverId;

  /**
   * @param serverId written as the records' {@code job_id}, e.g. {@code serve@host:6566}
   */
  public KafkaPredictionLog(String bootstrapServers, String serverId) {
    this(KafkaConnection.plain(bootstrapServers), serverId);
  }

  /** A log on a Kafka reached with client properties (TLS, SASL). */
  public KafkaPredictionLog(KafkaConnection kafka, String serverId) {
    Properties config = kafka.clientProperties();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    this.producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    this.serverId = serverId;
  }

  @Override
  public void append(List<ServedPrediction> predictions) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(predictions.size());
    for (ServedPrediction served : predictions) {
      records.add(
          new ProducerRecord<>(
              DeploymentPlan.PREDICTIONS_TOPIC,
              null,
              served.predictedAt(),
              null,
              json.serialize(record(served, serverId)),
              ORIGIN));
    }
    sendAll(DeploymentPlan.PREDICTIONS_TOPIC, records);
  }

  /**
   * Each failed row as the score job's dead letter of a request it could not score, on {@code
   * tributary.dead_letters} with the header {@code tributary-origin: serve}; returns once Kafka
   * acknowledged them.
   */
  @Override
  public void deadLetter(List<FailedPrediction> failures) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(failures.size());
    long now = System.currentTimeMillis();
    for (FailedPrediction failed : failures) {
      DeadLetter letter = deadLetter(failed, now);
      records.add(
          new ProducerRecord<>(
              DeploymentPlan.DEAD_LETTER_TOPIC,
              null,
              letter.recordedAt,
              null,
              deadLetterJson.serialize(letter),
              ORIGIN));
    }
    sendAll(DeploymentPlan.DEAD_LETTER_TOPIC, records);
  }

  /**
   * The score job's dead letter of a failed row, built by the same factory as the score job's own
   * ({@link DeadLetter#ofScoringRequest}).
   */
  public static DeadLetter deadLetter(FailedPrediction failed, long recordedAt) {
    return DeadLetter.ofScoringRequest(
        failed.scoring(),
        failed.model(),
        failed.requestId(),
        failed.request(),
        failed.requestTime(),
        failed.version() == null
            ? null
            : new DeadLetter.Routing(failed.version(), failed.splitId()),
        failed.reason(),
        recordedAt);
  }

  private void sendAll(String topic, List<ProducerRecord<byte[], byte[]>> records) {
    List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
    for (ProducerRecord<byte[], byte[]> record : records) {
      sent.add(producer.send(record));
    }
    try {
      for (Future<RecordMetadata> ack : sent) {
        ack.get();
      }
    } catch (ExecutionException failed) {
      throw new ServeException(
          "the prediction log " + topic + " did not take the records: " + failed.getCause(),
          failed.getCause());
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
      throw new ServeException("the server is stopping", stopping);
    }
  }

  /**
   * The score job's record of a synchronous prediction; chosen and served versions are one.
   *
   * @param serverId the record's {@code job_id}
   */
  public static Prediction record(ServedPrediction served, String serverId) {
    Prediction p = new Prediction();
    p.requestId = served.requestId();
    p.requestTime = served.requestTime();
    p.scoring = served.scoring();
    p.model = served.model();
    p.versionChosen = served.version();
    p.versionServed = served.version();
    p.splitId = served.splitId();
    p.routingKey = served.routingKey();
    p.request = served.request();
    p.labelKey = served.labelKey();
    p.scores = served.scores();
    p.features = served.features().toArray(String[]::new);
    p.featureValues = new double[p.features.length];
    p.featureAsOf = new long[p.features.length];
    for (int i = 0; i < p.features.length; i++) {
      Object value = served.featureValues().get(i);
      p.featureValues[i] = value == null ? Double.NaN : number(value);
      Long asOf = served.featureAsOf().get(i);
      p.featureAsOf[i] = asOf == null ? Prediction.NO_AS_OF : asOf;
    }
    p.lookupMicros = served.lookupMicros();
    p.inferenceMicros = served.inferenceMicros();
    p.jobId = serverId;
    p.predictedAt = served.predictedAt();
    return p;
  }

  private static double number(Object value) {
    return value instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) value).doubleValue();
  }

  @Override
  public void close() {
    producer.close();
  }
}
